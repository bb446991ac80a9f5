/**
 * The pillar levels, kept in view at the top of the editor while the page scrolls, and the change
 * of a level announced as it happens: a level lost is an alert (visible and read out at once), a
 * level reached a polite status.
 */
import { useEffect, useRef, useState } from 'react';
import type { WorkloadSummary } from '../types';

interface Change {
  text: string;
  lost: boolean;
}

export function LevelBar({ summary }: { summary: WorkloadSummary | undefined }) {
  const before = useRef<Map<string, number> | null>(null);
  const [change, setChange] = useState<Change | null>(null);

  useEffect(() => {
    if (!summary) return;
    const now = new Map(summary.pillars.map((p) => [p.key, p.level]));
    const was = before.current;
    before.current = now;
    if (!was) return;
    const moved = summary.pillars.filter((p) => was.has(p.key) && was.get(p.key) !== p.level);
    if (!moved.length) return;
    const lost = moved.some((p) => p.level < (was.get(p.key) ?? 0));
    setChange({
      lost,
      text: moved
        .map((p) => {
          const from = was.get(p.key) ?? 0;
          return `${p.key.toUpperCase()} level ${p.level < from ? 'dropped' : 'rose'} from ${from} to ${p.level}`;
        })
        .join('; '),
    });
  }, [summary]);

  return (
    <div className="level-bar" data-testid="level-bar">
      <p className="live-level" data-testid="editor-level">
        {summary
          ? summary.pillars.map((p) => `${p.key.toUpperCase()} level ${p.level}`).join(' · ')
          : '\u00a0'}
      </p>
      {/* Both regions stay in the page so that screen readers hear what is put in them. */}
      <p
        className={change?.lost ? 'level-change level-lost' : 'visually-hidden'}
        role="alert"
        data-testid="level-lost"
      >
        {change?.lost ? `${change.text}.` : ''}
      </p>
      <p
        className={change && !change.lost ? 'level-change' : 'visually-hidden'}
        role="status"
        data-testid="level-rose"
      >
        {change && !change.lost ? `${change.text}.` : ''}
      </p>
    </div>
  );
}
