import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { type RangeJob, runRange } from './jtlRange.js';

// One byte range of a JTL CSV file, parsed on a worker thread (see jtlParallel.ts).
const job = workerData as RangeJob;
const fd = openSync(job.file, 'r');
try {
  const result = runRange(fd, job);
  const transfer = result.flows.flatMap((f) => [f.hist.buffer, ...f.windows.map((w) => w.hist.buffer)]);
  parentPort?.postMessage(result, transfer as ArrayBuffer[]);
} finally {
  closeSync(fd);
}
