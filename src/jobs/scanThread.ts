/** A worker thread of the embedded runner: fetches and scans one repository, posts the result. */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { jobError, scanSource } from './scanSource.js';

const Input = z.object({
  url: z.string(),
  branch: z.string(),
  subPath: z.string().nullable(),
  cacheDir: z.string(),
});

const input = Input.parse(workerData);
try {
  const payload = await scanSource(input, input.cacheDir);
  parentPort?.postMessage({ ok: true, payload });
} catch (err) {
  parentPort?.postMessage({ ok: false, error: jobError(err) });
}
