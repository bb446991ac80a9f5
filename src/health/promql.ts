/**
 * PromQL read without a server, by the Prometheus project's own grammar (lezer-promql): syntax
 * errors before anything is sent, and the metrics a query reads as instant values, so a counter
 * read raw (a running total, not a level) can be caught against the metric's type.
 */
import { parser } from '@prometheus-io/lezer-promql';

export interface PromqlCheck {
  /** The first syntax error: 1-based column and a few characters from there. */
  readonly syntax?: { readonly column: number; readonly near: string };
  /** Metric names read as instant vectors, outside a range and outside counting functions. */
  readonly instantMetrics: readonly string[];
}

// Counting, grouping or timing series is right for a counter too: `count(up)`, `absent(x_total)`.
const COUNTING = new Set(['Count', 'Group', 'CountValues', 'Absent', 'Timestamp']);

export function checkPromql(expr: string): PromqlCheck {
  const tree = parser.parse(expr);
  let syntax: PromqlCheck['syntax'];
  const metrics = new Set<string>();
  const cursor = tree.cursor();
  do {
    const node = cursor.node;
    if (node.type.isError && syntax === undefined) {
      const near = expr.slice(node.from, node.from + 12);
      syntax = { column: node.from + 1, near: near === '' ? 'the end' : `"${near}"` };
    }
    if (node.name === 'VectorSelector') {
      let inRange = false;
      for (let up = node.parent; up; up = up.parent) {
        if (up.name === 'MatrixSelector' || up.name === 'SubqueryExpr') inRange = true;
        if (up.name === 'AggregateExpr' || up.name === 'FunctionCall') {
          const op = up.firstChild?.firstChild?.name;
          if (op && COUNTING.has(op)) inRange = true;
        }
      }
      const id = node.getChild('Identifier');
      if (!inRange && id) metrics.add(expr.slice(id.from, id.to));
    }
  } while (cursor.next());
  return { ...(syntax ? { syntax } : {}), instantMetrics: [...metrics] };
}
