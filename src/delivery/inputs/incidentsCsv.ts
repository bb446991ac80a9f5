/**
 * Incidents from a CSV file (an export of the incident tool, or written by hand): a header row,
 * then one incident per row. Columns: id and opened_at are required; resolved_at, deployment and
 * environment may be given. Quoted fields may hold commas, quotes ("") and line breaks.
 */
import { InputError, InputErrors, quote } from '../../diagnostics/index.js';
import type { DeliveryEvent } from '../events.js';
import { checked, PayloadError, providerTime } from './common.js';

/** Accepted spellings of each column, lower-case. */
const COLUMNS = {
  id: ['id', 'incident', 'incident_id', 'number'],
  openedAt: ['opened_at', 'openedat', 'opened', 'created_at', 'start', 'started_at'],
  resolvedAt: ['resolved_at', 'resolvedat', 'resolved', 'closed_at', 'end', 'ended_at'],
  deployment: ['deployment', 'deployment_id', 'caused_by'],
  environment: ['environment', 'env'],
} as const;
type Column = keyof typeof COLUMNS;

/** Rows with the line each starts on (1-based). */
export function csvRows(text: string, file: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (quoted)
    throw new InputError('a quoted field is not closed', { file, line: rowLine }, 'close it with "');
  endRow();
  return rows;
}

export function readIncidentsCsv(text: string, file: string, workload: string): DeliveryEvent[] {
  const rows = csvRows(text, file);
  const header = rows[0];
  if (!header)
    throw new InputError('the file is empty; expected a header row such as id,opened_at,resolved_at', {
      file,
      line: 1,
    });
  const index = new Map<Column, number>();
  header.cells.forEach((h, i) => {
    const key = h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    for (const [col, names] of Object.entries(COLUMNS) as [Column, readonly string[]][])
      if (names.includes(key) && !index.has(col)) index.set(col, i);
  });
  for (const required of ['id', 'openedAt'] as const) {
    if (!index.has(required))
      throw new InputError(
        `the header has no ${required === 'id' ? 'id' : 'opened_at'} column`,
        { file, line: header.line },
        `name the columns in the first row, e.g. id,opened_at,resolved_at,deployment,environment (found: ${header.cells.map((c) => quote(c, 30)).join(', ')})`,
      );
  }
  const errors: InputError[] = [];
  const events: DeliveryEvent[] = [];
  for (const row of rows.slice(1)) {
    const get = (c: Column) => {
      const i = index.get(c);
      const v = i === undefined ? undefined : row.cells[i]?.trim();
      return v ? v : undefined;
    };
    const time = (c: 'openedAt' | 'resolvedAt', column: string) => {
      const v = get(c);
      if (v === undefined) return undefined;
      const t = providerTime(v);
      if (!t)
        errors.push(
          new InputError(
            `${column}: expected an ISO-8601 time with an offset (2026-03-01T14:05:00Z), got ${quote(v, 60)}`,
            { file, line: row.line },
          ),
        );
      return t;
    };
    const id = get('id');
    if (!id) {
      errors.push(
        new InputError("id: expected the incident's id, got an empty cell", { file, line: row.line }),
      );
      continue;
    }
    const openedAt = time('openedAt', 'opened_at');
    const resolvedAt = time('resolvedAt', 'resolved_at');
    if (get('openedAt') === undefined)
      errors.push(
        new InputError('opened_at: expected the time the incident opened, got an empty cell', {
          file,
          line: row.line,
        }),
      );
    if (!openedAt) continue;
    if (resolvedAt && Date.parse(resolvedAt) < Date.parse(openedAt)) {
      errors.push(
        new InputError(`resolved_at: ${resolvedAt} is before opened_at ${openedAt}`, {
          file,
          line: row.line,
        }),
      );
      continue;
    }
    try {
      events.push(
        checked({
          type: 'incident',
          id,
          workload,
          environment: get('environment'),
          openedAt,
          resolvedAt,
          deployment: get('deployment'),
          source: 'file',
        }),
      );
    } catch (err) {
      if (!(err instanceof PayloadError)) throw err;
      errors.push(new InputError(err.message, { file, line: row.line }));
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
  return events;
}
