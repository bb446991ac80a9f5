/** Bytes to text for the repository view: binary content told apart, UTF-16 and Latin-1 handled. */

export function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8000);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes text; returns `undefined` for binary content and flags text that is not UTF-8. */
export function decodeText(bytes: Uint8Array): { text: string; utf8: boolean } | undefined {
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    const le = bytes[0] === 0xff;
    return { text: new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2)), utf8: false };
  }
  if (isBinary(bytes)) return undefined;
  try {
    let text = utf8.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text, utf8: true };
  } catch {
    return { text: new TextDecoder('latin1').decode(bytes), utf8: false };
  }
}

/**
 * Drops an incomplete UTF-8 sequence at the end of a prefix read, so that cutting a file short
 * does not make it look like it is not UTF-8.
 */
export function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  for (let back = 1; back <= 4 && back <= n; back++) {
    const b = bytes[n - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > back ? bytes.subarray(0, n - back) : bytes;
  }
  return bytes;
}
