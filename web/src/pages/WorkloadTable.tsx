/**
 * The portfolio's workloads as a table: level and progress to the next level per pillar, when it
 * was last answered and the trend since its latest milestone; sorted by any column, filtered by
 * a search, criticality and whether it was assessed, and grouped by criticality or tag. Each
 * group lists its first 100 rows until asked for all.
 */
import { useMemo, useState } from 'react';
import { GROUPING_LABEL, GROUPINGS, type Grouping, groupBy, isGrouping } from '../grouping';
import { compareText, formatDay, pct } from '../hooks';
import { Link } from '../router';
import { CRITICALITIES, type Model, type PortfolioRow } from '../types';

type SortKey = 'name' | 'last' | 'trend' | `pillar:${string}`;
type Direction = 'ascending' | 'descending';
const SHOWS = ['all', 'assessed', 'unassessed'] as const;
type Show = (typeof SHOWS)[number];
const SHOW_LABEL: Record<Show, string> = {
  all: 'All',
  assessed: 'Assessed',
  unassessed: 'Not assessed yet',
};

/** Progress in one pillar as one number: the level held, then the coverage of the next. */
function progress(w: PortfolioRow, key: string): number {
  return (w.levels[key] ?? 0) + (w.next[key]?.coverage ?? 0);
}

/** Change since the latest milestone per pillar: levels, and coverage of the level next now. */
function trendOf(w: PortfolioRow, key: string): { levels: number; coverage: number } | null {
  const m = w.milestone;
  if (!m || m.levels[key] === undefined) return null;
  return {
    levels: (w.levels[key] ?? 0) - (m.levels[key] ?? 0),
    coverage: (w.next[key]?.coverage ?? 1) - (m.nextCoverage[key] ?? 0),
  };
}

function trendScore(w: PortfolioRow, models: Model[]): number {
  return models.reduce((sum, m) => {
    const t = trendOf(w, m.key);
    return sum + (t ? t.levels * 100 + t.coverage * 100 : 0);
  }, 0);
}

function compare(a: PortfolioRow, b: PortfolioRow, key: SortKey, models: Model[]): number {
  if (key === 'name') return compareText(a.name, b.name);
  if (key === 'last') return compareText(a.lastAnsweredAt ?? '', b.lastAnsweredAt ?? '');
  if (key === 'trend') return trendScore(a, models) - trendScore(b, models);
  const pillar = key.slice('pillar:'.length);
  return progress(a, pillar) - progress(b, pillar);
}

/**
 * Rows drawn per group until asked for all: a thousand rows take seconds to draw and lay out, and
 * the search, filters and sorting find any workload without scrolling through them.
 */
const FIRST_ROWS = 100;

export function WorkloadTable({ workloads, models }: { workloads: PortfolioRow[]; models: Model[] }) {
  const [query, setQuery] = useState('');
  const [criticality, setCriticality] = useState('all');
  const [show, setShow] = useState<Show>('all');
  const [grouping, setGrouping] = useState<Grouping>('none');
  const [sort, setSort] = useState<SortState>({
    key: 'name',
    direction: 'ascending',
  });
  const [all, setAll] = useState(false);

  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const shown = workloads.filter(
      (w) =>
        (q === '' || w.name.toLowerCase().includes(q) || w.tags.some((t) => t.toLowerCase().includes(q))) &&
        (criticality === 'all' || w.criticality === criticality) &&
        (show === 'all' || (show === 'assessed') === w.answered > 0),
    );
    const sign = sort.direction === 'ascending' ? 1 : -1;
    shown.sort((a, b) => sign * compare(a, b, sort.key, models) || compareText(a.name, b.name));
    return { count: shown.length, groups: groupBy(shown, grouping) };
  }, [workloads, models, query, criticality, show, grouping, sort]);

  const columns = 5 + models.length;
  const header = { sort, onSort: setSort };

  return (
    <>
      <fieldset className="plan-filters">
        <legend className="visually-hidden">Find workloads</legend>
        <label>
          Search{' '}
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="name or tag"
          />
        </label>{' '}
        <label>
          Criticality{' '}
          <select value={criticality} onChange={(e) => setCriticality(e.target.value)}>
            <option value="all">All</option>
            {[...CRITICALITIES].reverse().map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Show{' '}
          <select value={show} onChange={(e) => setShow(SHOWS.find((s) => s === e.target.value) ?? 'all')}>
            {SHOWS.map((s) => (
              <option key={s} value={s}>
                {SHOW_LABEL[s]}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Group by{' '}
          <select
            value={grouping}
            onChange={(e) => {
              const v = e.target.value;
              setGrouping(isGrouping(v) ? v : 'none');
            }}
          >
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {GROUPING_LABEL[g]}
              </option>
            ))}
          </select>
        </label>{' '}
        <span className="muted small" aria-live="polite" data-testid="workload-count">
          {groups.count === workloads.length
            ? `${workloads.length} workloads`
            : `${groups.count} of ${workloads.length} workloads`}
        </span>
      </fieldset>
      <div className="table-wrap">
        <table className="data workload-table" data-testid="workload-table">
          <caption className="visually-hidden">
            Workloads: level and progress per pillar, last assessed, change since the last milestone
          </caption>
          <thead>
            <tr>
              <SortHeader {...header} id="name" label="Workload" first="ascending" />
              {models.map((m) => (
                <SortHeader
                  {...header}
                  key={m.key}
                  id={`pillar:${m.key}`}
                  label={`${m.key.toUpperCase()} level`}
                  first="descending"
                />
              ))}
              <SortHeader {...header} id="last" label="Last assessed" first="descending" />
              <SortHeader {...header} id="trend" label="Since last milestone" first="descending" />
              <th scope="col" className="hide-narrow">
                Criticality
              </th>
              <th scope="col" className="hide-narrow">
                Tags
              </th>
            </tr>
          </thead>
          {groups.groups.map((g) => (
            <tbody key={g.key}>
              {grouping !== 'none' ? (
                <tr className="group-row">
                  <th scope="rowgroup" colSpan={columns}>
                    {g.label} ({g.items.length})
                  </th>
                </tr>
              ) : null}
              {(all ? g.items : g.items.slice(0, FIRST_ROWS)).map((w) => (
                <Row key={w.id} w={w} models={models} />
              ))}
              {!all && g.items.length > FIRST_ROWS ? (
                <tr className="more-row">
                  <td colSpan={columns}>
                    {FIRST_ROWS} of {g.items.length} shown.{' '}
                    <button type="button" onClick={() => setAll(true)}>
                      Show all {groups.count} workloads
                    </button>
                  </td>
                </tr>
              ) : null}
            </tbody>
          ))}
        </table>
      </div>
      {groups.count === 0 ? <p>No workload matches.</p> : null}
    </>
  );
}

interface SortState {
  key: SortKey;
  direction: Direction;
}

/** A column header that sorts by its column; a second click reverses the order. */
function SortHeader({
  id,
  label,
  first,
  sort,
  onSort,
}: {
  id: SortKey;
  label: string;
  /** The order of the first click: the worst first for progress, the newest first for dates. */
  first: Direction;
  sort: SortState;
  onSort: (s: SortState) => void;
}) {
  const active = sort.key === id;
  return (
    <th scope="col" aria-sort={active ? sort.direction : undefined}>
      <button
        type="button"
        className="sort-button"
        onClick={() =>
          onSort({
            key: id,
            direction: active ? (sort.direction === 'ascending' ? 'descending' : 'ascending') : first,
          })
        }
      >
        {label}
        <span aria-hidden="true">{active ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  );
}

function Row({ w, models }: { w: PortfolioRow; models: Model[] }) {
  return (
    <tr>
      <th scope="row">
        <Link href={`/workloads/${w.id}`}>{w.name}</Link>
      </th>
      {models.map((m) => {
        const level = w.levels[m.key] ?? 0;
        const next = w.next[m.key];
        return (
          <td key={m.key} data-testid={`level-${m.key}`}>
            <span className={`level-pill l${level}`}>{level}</span>{' '}
            {w.answered === 0 ? (
              <span className="muted">not assessed</span>
            ) : next ? (
              <span>
                {pct(next.coverage)} <span className="muted">of level {next.level}</span>
                <span className="bar hide-narrow" aria-hidden="true">
                  <span style={{ width: pct(next.coverage) }} />
                </span>
              </span>
            ) : (
              <span className="muted">every level held</span>
            )}
          </td>
        );
      })}
      <td data-testid="last-assessed">
        {w.lastAnsweredAt ? (
          <time dateTime={w.lastAnsweredAt} title={w.lastAnsweredAt}>
            {formatDay(w.lastAnsweredAt)}
          </time>
        ) : (
          <span className="muted">never</span>
        )}
      </td>
      <td data-testid="trend">
        <Trend w={w} models={models} />
      </td>
      <td className="hide-narrow">{w.criticality}</td>
      <td className="hide-narrow">{w.tags.join(', ')}</td>
    </tr>
  );
}

/** The change since the latest milestone in words (up, down, no change), never in colour alone. */
function Trend({ w, models }: { w: PortfolioRow; models: Model[] }) {
  if (!w.milestone) return <span className="muted">no milestone yet</span>;
  const parts = models.flatMap((m) => {
    const t = trendOf(w, m.key);
    if (!t) return [];
    const key = m.key.toUpperCase();
    if (t.levels !== 0)
      return [
        `${key} ${t.levels > 0 ? 'up' : 'down'} ${Math.abs(t.levels)} level${Math.abs(t.levels) === 1 ? '' : 's'}`,
      ];
    const points = Math.round(t.coverage * 100);
    const next = w.next[m.key];
    if (points === 0 || !next) return [`${key} no change`];
    return [`${key} ${points > 0 ? '+' : '−'}${Math.abs(points)} pts of level ${next.level}`];
  });
  return (
    <span>
      {parts.join(', ')} <span className="muted small">since {w.milestone.name}</span>
    </span>
  );
}
