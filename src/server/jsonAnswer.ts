/**
 * A JSON answer made once and sent many times: serialised, tagged (ETag) and compressed once per
 * encoding, instead of being compressed again on every request by @fastify/compress. For the
 * models (fixed while the server runs) and the portfolio's answers (fixed while a team's data is
 * unchanged). The encoding is chosen by the same negotiator @fastify/compress uses.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import negotiate from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
type Encoding = 'br' | 'gzip';
const ENCODINGS: Encoding[] = ['br', 'gzip'];
/** Below this an answer goes as it is (as with @fastify/compress's threshold in app.ts). */
const THRESHOLD = 1024;
export const JSON_TYPE = 'application/json; charset=utf-8';

export class JsonAnswer {
  readonly body: string;
  readonly etag: string;
  private readonly encoded = new Map<Encoding, Promise<Buffer>>();

  /**
   * `brotliQuality`: 11 for an answer made once per server (the models: 40 KB instead of 49 KB
   * at 4, in ~170 ms once, off the event loop); the default 4 for those made per change of data.
   */
  constructor(
    value: unknown,
    private readonly brotliQuality = 4,
  ) {
    this.body = JSON.stringify(value);
    this.etag = `"${createHash('sha256').update(this.body).digest('base64url').slice(0, 27)}"`;
  }

  /** The body in one encoding, compressed on first use (in zlib's thread pool) and kept. */
  compressed(encoding: Encoding): Promise<Buffer> {
    let done = this.encoded.get(encoding);
    if (!done) {
      const input = Buffer.from(this.body);
      done =
        encoding === 'br'
          ? brotli(input, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: this.brotliQuality,
                [constants.BROTLI_PARAM_SIZE_HINT]: input.length,
              },
            })
          : gzipAsync(input, { level: 6 });
      // A failure is not kept: the next request tries again.
      done.catch(() => this.encoded.delete(encoding));
      this.encoded.set(encoding, done);
    }
    return done;
  }

  /** Sends the answer: 304 when the client holds this version, else compressed when the client accepts it. */
  async send(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    reply.type(JSON_TYPE).header('etag', this.etag).header('vary', 'accept-encoding');
    const held = req.headers['if-none-match'];
    if (held && held.split(',').some((t) => t.trim() === this.etag)) return reply.code(304).send();
    const accepted = req.headers['accept-encoding'];
    const encoding =
      Buffer.byteLength(this.body) >= THRESHOLD && accepted
        ? negotiate(accepted.toLowerCase(), ENCODINGS)
        : null;
    if (!encoding) return reply.send(this.body);
    const payload = await this.compressed(encoding);
    // Set, the header tells @fastify/compress that the payload is compressed already.
    return reply.header('content-encoding', encoding).send(payload);
  }
}
