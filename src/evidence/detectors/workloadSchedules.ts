import { defineDetector } from '../defineDetector.js';
import { plural, present } from '../lib/helpers.js';
import { offPeak, type WorkloadSchedule, workloadSchedules } from '../lib/workloadSchedules.js';
import type { Claim } from '../types.js';

const P = {
  offPeak: 'pe.4.ops.scheduled',
  lifecycle: 'pe.4.data.lifecycle',
};

/** Jobs whose name or command says they remove old data. */
const PURGE = /purge|clean|delet|expire|prune|retention|rotat|remove|housekeep|vacuum|\bgc\b|ttl/i;

const at = (h: WorkloadSchedule['hour']) =>
  h === 'configured' ? 'a configured hour' : `${String(h).padStart(2, '0')}:00`;

export default defineDetector({
  meta: {
    id: 'workload-schedules',
    title: 'Jobs the workload runs at set hours',
    practices: Object.values(P),
    docs: 'Reads the jobs a workload runs on its own timer: Kubernetes CronJobs, Spring @Scheduled(cron = …), Celery beat crontab(hour=…), Hasura cron triggers, node-cron and Hangfire recurring jobs, the YAML timetables of sidekiq-cron, sidekiq-scheduler and GoodJob (read where the Gemfile declares one), and backup, maintenance and patch windows of managed stores in IaC. Jobs at a fixed hour between 22:00 and 06:59 (or at an hour taken from configuration) show heavy work kept out of the day, partially: the traffic profile they should be compared with is not in the files. Jobs whose name or command purges, cleans, expires or rotates data show an automated retention rule, partially: what is kept and for how long is in the code. Jobs every few minutes are neither.',
  },
  async detect(repo) {
    const jobs = await workloadSchedules(repo);
    const out: Claim[] = [];
    const night = jobs.filter((j) => offPeak(j.hour));
    if (night.length) {
      const hours = [...new Set(night.map((j) => at(j.hour)))].sort().slice(0, 4).join(', ');
      out.push(
        present(
          [P.offPeak],
          'low',
          night.map((j) => ({ file: j.file, line: j.line })),
          `${plural(night.length, 'scheduled job')} ${night.length === 1 ? 'runs' : 'run'} outside the day (${hours})`,
        ),
      );
    }
    const purge = jobs.filter((j) => PURGE.test(j.name));
    if (purge.length)
      out.push(
        present(
          [P.lifecycle],
          'low',
          purge.map((j) => ({ file: j.file, line: j.line })),
          `${plural(purge.length, 'scheduled job')} ${purge.length === 1 ? 'removes' : 'remove'} old data`,
        ),
      );
    return out;
  },
});
