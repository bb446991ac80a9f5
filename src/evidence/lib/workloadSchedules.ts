/**
 * Jobs the workload itself runs on a timer, as opposed to pipelines on a schedule: Kubernetes
 * CronJobs, Spring `@Scheduled(cron = …)`, Celery beat `crontab(…)`, Hasura cron triggers, node-cron
 * and Hangfire recurring jobs, the YAML timetables of Ruby schedulers (sidekiq-cron, GoodJob); and the backup and maintenance windows IaC gives managed databases and
 * caches. Found once per scan.
 */
import { parseAllDocuments } from 'yaml';
import type { RepoView } from '../types.js';
import { cloudResources, iacFiles } from './cloudResources.js';
import { grepFiles } from './helpers.js';
import { kubeDocs } from './k8s.js';
import { dependencyHits } from './manifests.js';

export interface WorkloadSchedule {
  file: string;
  line: number;
  /** What the job is called: CronJob or trigger name, method name, or the task it runs. */
  name: string;
  /** The hour of day it runs, `configured` when set from configuration, undefined when it runs
   * every few minutes or hours. */
  hour: number | 'configured' | undefined;
}

/** The hour field of a 5-field (`m h dom mon dow`) or 6-field Spring/Quartz (`s m h …`) cron
 * expression, when it names one hour; a list or range takes its first hour. */
export function cronHour(expr: string): number | undefined {
  const fields = expr.trim().split(/\s+/);
  const field = fields.length >= 6 ? fields[2] : fields.length === 5 ? fields[1] : undefined;
  const m = field === undefined ? null : /^(\d{1,2})(?:[-,]\d{1,2})*$/.exec(field);
  const hour = m ? Number(m[1]) : undefined;
  return hour !== undefined && hour < 24 ? hour : undefined;
}

/** Night and early morning, when most workloads see the least traffic. */
export function offPeak(hour: WorkloadSchedule['hour']): boolean {
  return hour === 'configured' || (hour !== undefined && (hour >= 22 || hour <= 6));
}

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

export function workloadSchedules(repo: RepoView): Promise<WorkloadSchedule[]> {
  return repo.memo('workload-schedules', async () => {
    const out: WorkloadSchedule[] = [];
    for (const d of await kubeDocs(repo)) {
      if (d.kind !== 'CronJob') continue;
      const schedule = /^\s{2}schedule:\s*["']?([^"'#\n]+)/m.exec(d.text);
      const name = /^\s{2}name:\s*["']?([\w.-]+)/m.exec(d.text);
      // The command tells more than the name of what a job does (`backup-db` vs `pg_dump`).
      const command = /^\s+(?:command|args):[\s\S]{0,400}/m.exec(d.text)?.[0] ?? '';
      if (schedule?.[1])
        out.push({
          file: d.file,
          line: d.start + lineAt(d.text, schedule.index) - 1,
          name: `${name?.[1] ?? 'CronJob'} ${command}`.trim(),
          hour: cronHour(schedule[1]),
        });
    }
    // Code is read only where a manifest declares the scheduler: reading every source file of a
    // large tree for a timer it cannot have cost more than the rest of the scan.
    const uses = async (names: string) => (await dependencyHits(repo, names)).length > 0;
    const spring = await uses('spring-boot[\\w-]*|spring-context|org\\.springframework[\\w.:-]*');
    const javaFiles = spring ? repo.byExt('.java', '.kt') : [];
    const settings = spring ? await springSettings(repo) : new Map<string, string>();
    for (const h of await grepFiles(repo, javaFiles, /@Scheduled\s*\(\s*cron\s*=/)) {
      for (const m of h.text.matchAll(
        /@Scheduled\s*\(\s*cron\s*=\s*"([^"]+)"[^)]*\)[\s\S]{0,200}?\b(\w+)\s*\(/g,
      )) {
        // `cron = "${key}"` or `"${key:default}"`: the expression is in the application's settings.
        const ref = /^\$\{([\w.-]+)(?::([^}]*))?\}$/.exec(m[1] ?? '');
        const expr = ref ? (settings.get(ref[1] as string) ?? ref[2]) : m[1];
        out.push({
          file: h.file.path,
          line: lineAt(h.text, m.index),
          name: m[2] ?? '',
          hour: expr === undefined ? 'configured' : cronHour(expr),
        });
      }
    }
    const celery = await uses('celery(\\[[\\w,]+\\])?|django-celery-beat');
    for (const h of await grepFiles(repo, celery ? repo.byExt('.py') : [], /\bcrontab\s*\(/)) {
      // `"task": name, "schedule": crontab(...)` on one line, or on the next.
      for (const m of h.text.matchAll(
        /["']task["']\s*:\s*([^,\n]+),[^\n]*?(?:\n[ \t]*["']schedule["']\s*:\s*)?\bcrontab\s*\(([^)]*)\)/g,
      )) {
        const hour = /\bhour\s*=\s*(?:["'](\d{1,2})["']|(\d{1,2})\b|([A-Za-z_]\w*))/.exec(m[2] ?? '');
        out.push({
          file: h.file.path,
          line: lineAt(h.text, m.index),
          name: (m[1] ?? '').replace(/["']/g, ''),
          hour: !hour ? undefined : hour[3] ? 'configured' : Number(hour[1] ?? hour[2]),
        });
      }
    }
    for (const f of repo.byExt('.yaml', '.yml').filter((f) => /(^|\/)cron_triggers\.ya?ml$/.test(f.path))) {
      const text = await repo.read(f.path);
      if (text === undefined) continue;
      for (const doc of parseAllDocuments(text)) {
        if (doc.errors.length) continue;
        const triggers: unknown = doc.toJS();
        if (!Array.isArray(triggers)) continue;
        for (const t of triggers) {
          if (typeof t?.name !== 'string' || typeof t?.schedule !== 'string') continue;
          const at = text.indexOf(`name: ${t.name}`);
          out.push({
            file: f.path,
            line: at < 0 ? 1 : lineAt(text, at),
            name: t.name,
            hour: cronHour(t.schedule),
          });
        }
      }
    }
    const code = [
      ...((await uses('node-cron|cron|node-schedule')) ? repo.byExt('.js', '.ts', '.mjs') : []),
      ...((await uses('Hangfire[\\w.]*')) ? repo.byExt('.cs') : []),
    ];
    const timers =
      /\b(?:cron\.schedule|schedule\.scheduleJob|new\s+CronJob|RecurringJob\.AddOrUpdate(?:<\w+>)?)\s*\(\s*(?:["'][\w-]+["']\s*,\s*)?(?:\([^)]*\)\s*=>\s*\w+\.(\w+)\([^)]*\)\s*,\s*)?["']([\d*/,\- ?]+)["']/g;
    for (const h of await grepFiles(
      repo,
      code,
      /cron\.schedule\(|scheduleJob\(|new\s+CronJob\(|RecurringJob\.AddOrUpdate/,
    )) {
      for (const m of h.text.matchAll(timers)) {
        const line = lineAt(h.text, m.index);
        out.push({
          file: h.file.path,
          line,
          name: m[1] ?? h.text.split('\n')[line - 1]?.trim() ?? '',
          hour: cronHour(m[2] ?? ''),
        });
      }
    }
    // Ruby job schedulers keep their timetable in YAML (sidekiq-cron, sidekiq-scheduler, GoodJob):
    // one entry per job, its `cron:` under the job's name.
    if (await uses('sidekiq-cron|sidekiq-scheduler|good_job|solid_queue')) {
      const yaml = repo.byExt('.yml', '.yaml').filter((f) => /(^|\/)config\//.test(f.path));
      for (const h of await grepFiles(repo, yaml, RUBY_CRON, 200))
        out.push(...rubyCronEntries(h.file.path, h.text));
    }
    // A Compose service whose command is a crontab line (`"0 0 * * * sentry cleanup --days 90"`).
    for (const r of (await cloudResources(repo)).filter((r) => r.lang === 'compose')) {
      const m = /^\s+command\s*:\s*['"]*((?:[\d*/,-]+\s+){4}[\d*/,-]+)\s+([^\n'"]+)/m.exec(r.body);
      if (!m) continue;
      const at = r.bodyLine + lineAt(r.body, m.index) - 1;
      out.push({ file: r.file, line: at, name: `${r.name} ${m[2] ?? ''}`, hour: cronHour(m[1] ?? '') });
    }
    out.push(...(await iacWindows(repo)));
    return out;
  });
}

/** A job's timetable line in a Ruby scheduler's YAML (`cron: "0 3 * * *"`, `schedule: "0 3 * * *"`). */
const RUBY_CRON = /^[ \t]+(?:cron|schedule)[ \t]*:[ \t]*["']?(?:[\d*/,-]+[ \t]+){4}[\d*/,-]+/m;

/** Each job of a sidekiq-cron style schedule: its name is the key its `cron:` sits under. */
function rubyCronEntries(file: string, text: string): WorkloadSchedule[] {
  const out: WorkloadSchedule[] = [];
  const lines = text.split('\n');
  const indentOf = (l: string) => l.length - l.trimStart().length;
  lines.forEach((l, i) => {
    const m = /^([ \t]+)(?:cron|schedule)[ \t]*:[ \t]*["']?((?:[\d*/,-]+[ \t]+){4}[\d*/,-]+)/.exec(l);
    if (!m) return;
    // The entry runs from the job's key (the nearest line above, indented less) to the next such line.
    let start = i - 1;
    while (
      start >= 0 &&
      !(lines[start]?.trim() && indentOf(lines[start] as string) < (m[1] as string).length)
    )
      start--;
    const key = start < 0 ? undefined : /^[ \t]*([\w:.-]+)[ \t]*:[ \t]*$/.exec(lines[start] as string);
    let end = i + 1;
    while (
      end < lines.length &&
      (!lines[end]?.trim() || indentOf(lines[end] as string) >= (m[1] as string).length)
    )
      end++;
    const cls = /^[ \t]+class[ \t]*:[ \t]*["']?([\w:]+)/m.exec(lines.slice(start + 1, end).join('\n'));
    out.push({
      file,
      line: i + 1,
      name: `${key?.[1] ?? ''} ${cls?.[1] ?? ''}`.trim(),
      hour: cronHour(m[2] as string),
    });
  });
  return out;
}

/** `key=value` settings of a Spring application's `application*.properties` files. */
async function springSettings(repo: RepoView): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of repo
    .byExt('.properties')
    .filter((f) => /^application([-.][\w-]+)?\.properties$/.test(f.name))) {
    for (const m of ((await repo.read(f.path)) ?? '').matchAll(
      /^[ \t]*([\w.-]+)[ \t]*[=:][ \t]*(.+?)[ \t]*$/gm,
    ))
      if (!out.has(m[1] as string)) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

/** Backup and maintenance windows of managed stores, each with the pattern that gives its hour. */
const WINDOWS: { name: string; re: RegExp; hour: (m: RegExpExecArray) => number }[] = [
  // AWS (Terraform, CloudFormation): "03:00-04:00", "sun:05:00-sun:06:00".
  {
    name: 'backup window',
    re: /(?:preferred_backup_window|PreferredBackupWindow|snapshot_window)["']?\s*[:=]\s*["']?(\d{2}):\d{2}/g,
    hour: (m) => Number(m[1]),
  },
  {
    name: 'maintenance window',
    re: /(?:preferred_maintenance_window|PreferredMaintenanceWindow|maintenance_window)["']?\s*[:=]\s*["']?[a-z]{3}:(\d{2}):\d{2}/g,
    hour: (m) => Number(m[1]),
  },
  // Google Cloud SQL: backup_configuration { start_time = "02:00" }, maintenance_window { hour = 2 }.
  {
    name: 'backup window',
    re: /backup_configuration\s*\{[^}]*?\bstart_time\s*=\s*"(\d{2}):\d{2}"/g,
    hour: (m) => Number(m[1]),
  },
  {
    name: 'maintenance window',
    re: /maintenance_window\s*\{[^}]*?\bhour\s*=\s*(\d{1,2})\b/g,
    hour: (m) => Number(m[1]),
  },
  // Azure Backup policies: Terraform `backup { time = "23:00" }`, ARM/Bicep `scheduleRunTimes`.
  {
    name: 'backup policy',
    re: /\bbackup\s*\{[^}]*?\btime\s*=\s*"(\d{2}):\d{2}"|scheduleRunTimes["']?\s*:\s*\[\s*["']\d{4}-\d{2}-\d{2}T(\d{2}):/g,
    hour: (m) => Number(m[1] ?? m[2]),
  },
  // Azure (Bicep, Terraform): maintenanceWindow { startHour: 2 }, maintenance_window { start_hour = 2 },
  // Redis patch schedules.
  {
    name: 'maintenance window',
    re: /(?:maintenanceWindow\s*:\s*\{[^}]*?\bstartHour\s*:|maintenance_window\s*\{[^}]*?\bstart_hour\s*=|\bstart_hour_utc["']?\s*[:=]|\bstartHourUtc\s*:)\s*(\d{1,2})\b/g,
    hour: (m) => Number(m[1]),
  },
];

async function iacWindows(repo: RepoView): Promise<WorkloadSchedule[]> {
  const out: WorkloadSchedule[] = [];
  for (const f of await iacFiles(repo)) {
    if (f.lang === 'kubernetes' || f.lang === 'compose') continue;
    for (const w of WINDOWS)
      for (const m of f.code.matchAll(w.re)) {
        const hour = w.hour(m);
        if (hour < 24)
          out.push({ file: f.path, line: lineAt(f.code, m.index + m[0].length), name: w.name, hour });
      }
  }
  return out;
}
