import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../../diagnostics/index.js';
import type { HttpAuth } from '../authSchema.js';
import { quote } from '../messages.js';
import { redactUrl } from '../redact.js';
import { isHttpUrl, type SourceSpec } from '../schema.js';
import { jsonValuesSource } from './jsonValues.js';
import { prometheusApiSource } from './prometheusApi.js';
import { textEndpointSource } from './textEndpoint.js';
import type { MetricSource } from './types.js';

export { type ClientContext, type HttpClient, httpClient } from './httpClient.js';
export { jsonValuesSource, parseValuesFile, type ValuesFile } from './jsonValues.js';
export { type PrometheusOptions, prometheusApiSource } from './prometheusApi.js';
export { textEndpointSource } from './textEndpoint.js';
export * from './types.js';

/** The source named in the model file; relative paths are relative to the model's folder. */
export function sourceFromSpec(spec: SourceSpec, baseDir: string, origin = 'the health model'): MetricSource {
  const local = (p: string) => (/^https?:\/\//.test(p) || isAbsolute(p) ? p : resolve(baseDir, p));
  if (spec.prometheus !== undefined)
    return prometheusApiSource(spec.prometheus, {
      ...(spec.auth ? { auth: spec.auth } : {}),
      context: { baseDir, origin },
    });
  if (spec.metrics !== undefined) return textEndpointSource(local(spec.metrics));
  if (spec.values !== undefined) return jsonValuesSource(local(spec.values));
  throw new InputError('the health model names no source');
}

/**
 * `--source`: `prometheus:URL`, `metrics:URL|FILE`, `values:FILE`, or a bare URL or file guessed
 * by its shape — a URL whose path ends in /metrics is a metrics page, any other URL a Prometheus
 * server; a .json file holds values, any other file metrics text.
 */
export function sourceFromOption(option: string, auth?: HttpAuth): MetricSource {
  const prometheus = (url: string) =>
    prometheusApiSource(url, { ...(auth ? { auth } : {}), context: { baseDir: '.', origin: '--source' } });
  const m = /^(prometheus|metrics|values):(.+)$/s.exec(option);
  if (m?.[1] === 'prometheus') return prometheus(checkedUrl(m[2] ?? ''));
  if (m?.[1] === 'metrics') {
    const where = m[2] ?? '';
    return textEndpointSource(/^https?:\/\//i.test(where) ? checkedUrl(where) : where);
  }
  if (m?.[1] === 'values') return jsonValuesSource(m[2] ?? '');
  if (/^https?:\/\//i.test(option)) {
    const path = new URL(checkedUrl(option)).pathname;
    return /\/metrics\/?$/.test(path) ? textEndpointSource(option) : prometheus(option);
  }
  if (!existsSync(option))
    throw new InputError(
      `--source: ${quote(redactUrl(option))} is neither a URL nor an existing file`,
      {},
      'e.g. --source http://localhost:9090',
    );
  return option.endsWith('.json') ? jsonValuesSource(option) : textEndpointSource(option);
}

function checkedUrl(url: string): string {
  if (!isHttpUrl(url))
    throw new InputError(
      `--source: ${quote(redactUrl(url))} is not an http(s) URL`,
      {},
      'e.g. --source http://localhost:9090',
    );
  return url;
}
