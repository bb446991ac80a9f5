import { Link, useLocation } from '../router';

const TABS = [
  ['', 'Overview'],
  ['/assess', 'Assessment'],
  ['/history', 'History'],
  ['/report', 'Report'],
] as const;

export function WorkloadNav({ id, name }: { id: string; name: string | undefined }) {
  const { path } = useLocation();
  return (
    <nav aria-label="Workload" className="workload-nav no-print">
      <p className="crumbs">
        <Link href="/">Portfolio</Link> <span aria-hidden="true">›</span> <span>{name ?? '…'}</span>
      </p>
      <ul>
        {TABS.map(([suffix, label]) => {
          const href = `/workloads/${id}${suffix}`;
          return (
            <li key={label}>
              <Link href={href} aria-current={path === href ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
