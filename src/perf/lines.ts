import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../diagnostics/index.js';
import { type ByteSource, openWithoutBom } from './input.js';

export interface Line {
  text: string;
  /** 1-based. */
  no: number;
  /** False for a last line that ended without a newline (possibly cut off). */
  terminated: boolean;
}

/** Lines of a text source, streamed; for the formats that are not the hot path (k6, Locust). */
export async function* readLines(source: ByteSource): AsyncGenerator<Line> {
  const stream = await openWithoutBom(source);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let no = 0;
  try {
    for await (const chunk of stream) {
      const text = rest + decoder.write(chunk);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        yield { text: text.slice(start, end), no: ++no, terminated: true };
        start = nl + 1;
      }
      rest = text.slice(start);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read results: ${(err as Error).message}`, { file: source.name });
  }
  rest += decoder.end();
  if (rest.length > 0) yield { text: rest, no: ++no, terminated: false };
}
