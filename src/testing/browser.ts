/** Debian's Chromium for the browser tests, with the flags this machine needs. */
import { execFileSync } from 'node:child_process';
import { type Browser, chromium } from 'playwright-core';

function chromiumPath(): string {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'Chromium is not installed: the browser tests need Debian\'s "chromium" package (apt-get install -y chromium)',
    );
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
