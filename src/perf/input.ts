import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../diagnostics/index.js';

/**
 * How parsers get bytes. A path is the common case; tests and other callers can hand over
 * any byte source (an in-memory buffer, a network body) without touching the file system.
 */
export interface ByteSource {
  /** Shown in messages, e.g. the file path. */
  readonly name: string;
  open(): Promise<AsyncIterable<Buffer>>;
}

// Large reads: the per-chunk overhead of the stream machinery dominates at the default 64 KiB.
const CHUNK = 1 << 20;

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** A file on disk; gzip is recognised by its magic bytes, not by the name, because CI artefacts get renamed. */
export function fileSource(path: string): ByteSource {
  return {
    name: path,
    async open() {
      let head: Buffer;
      try {
        const st = await stat(path);
        if (!st.isFile()) throw new InputError('not a file', { file: path });
        head = await readHead(path, 2);
      } catch (err) {
        if (err instanceof InputError) throw err;
        throw new InputError(`cannot read results file: ${(err as Error).message}`, { file: path });
      }
      const raw: Readable = createReadStream(path, { highWaterMark: CHUNK });
      if (!isGzip(head)) return raw;
      const gunzip = createGunzip({ chunkSize: CHUNK });
      raw.on('error', (e) => gunzip.destroy(e));
      // A consumer that stops early (format sniffing) destroys the gunzip end only; release the file too.
      gunzip.on('close', () => raw.destroy());
      return raw.pipe(gunzip);
    },
  };
}

/** In-memory bytes, handed out in chunks of `chunkSize` so tests can put record boundaries anywhere. */
export function bufferSource(name: string, data: Buffer | string, chunkSize = CHUNK): ByteSource {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  return {
    name,
    async open() {
      const { gunzipSync } = await import('node:zlib');
      const bytes = isGzip(buf) ? gunzipSync(buf) : buf;
      return (async function* () {
        for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
      })();
    },
  };
}

/** The first bytes after decompression, used to recognise the format. */
export async function sniff(source: ByteSource, bytes = 4096): Promise<Buffer> {
  const stream = await source.open();
  const parts: Buffer[] = [];
  let have = 0;
  try {
    for await (const chunk of stream) {
      parts.push(chunk);
      have += chunk.length;
      if (have >= bytes) break;
    }
  } catch (err) {
    throw new InputError(`cannot read results: ${(err as Error).message}`, { file: source.name });
  } finally {
    const maybe = stream as Partial<Readable>;
    if (typeof maybe.destroy === 'function') maybe.destroy();
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * The source's bytes without a leading UTF-8 byte order mark (which Windows tools write), so no
 * reader sees it as part of its first header name, JSON value or XML token. Every reader opens its
 * source through this.
 */
export async function openWithoutBom(source: ByteSource): Promise<AsyncIterable<Buffer>> {
  const stream = await source.open();
  return (async function* () {
    let head: Buffer = Buffer.alloc(0);
    let decided = false;
    for await (const chunk of stream) {
      if (decided) {
        yield chunk;
        continue;
      }
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      if (head.length < BOM.length && BOM.slice(0, head.length).every((b, k) => head[k] === b)) continue;
      decided = true;
      const bom = BOM.every((b, k) => head[k] === b);
      const rest = bom ? head.subarray(BOM.length) : head;
      if (rest.length > 0) yield rest;
    }
    if (!decided && head.length > 0 && !BOM.every((b, k) => head[k] === b)) yield head;
  })();
}
