/** Request and response shapes of the repository and scan-job routes (issue 13). */
import { z } from 'zod';
import { JOB_STATES, JOB_TRIGGERS } from '../store/index.js';

export const RepositoryBody = z.strictObject({
  url: z.string().trim().min(1).max(2000),
  branch: z
    .string()
    .trim()
    .min(1)
    .max(250)
    .regex(/^[^\s~^:?*[\\]+$/, 'is not a branch name')
    .optional(),
  subPath: z
    .string()
    .trim()
    .max(500)
    .regex(/^[^\0]*$/)
    .nullable()
    .optional(),
});
export type RepositoryBody = z.infer<typeof RepositoryBody>;

export const RepositoryParams = z.strictObject({ id: z.uuid(), repositoryId: z.uuid() });

export const ScanJobBody = z.strictObject({
  /** One repository; all of the workload's when absent. */
  repositoryId: z.uuid().optional(),
});

export const ScheduleBody = z.strictObject({
  /** Five-field cron, UTC (`0 3 * * *`); null removes the schedule. */
  cron: z
    .string()
    .trim()
    .regex(/^\S+(\s+\S+){4}$/, 'is not a five-field cron expression')
    .max(200)
    .nullable(),
});

export const JobView = z.strictObject({
  id: z.string(),
  repositoryId: z.string(),
  trigger: z.enum(JOB_TRIGGERS),
  state: z.enum(JOB_STATES),
  attempts: z.number().int(),
  error: z.string().nullable().describe('The last error, with credentials redacted'),
  scanId: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export const JobList = z.strictObject({ jobs: z.array(JobView) });

export const RepositoryView = z.strictObject({
  id: z.string(),
  url: z.string(),
  branch: z.string(),
  subPath: z.string().nullable(),
  createdAt: z.string(),
  latestJob: JobView.nullable(),
  lastScan: z.strictObject({ scanId: z.string().nullable(), at: z.string().nullable() }).nullable(),
});
export const RepositoryList = z.strictObject({
  repositories: z.array(RepositoryView),
  schedule: z.string().nullable().describe('The cron schedule (UTC), if any'),
  runner: z
    .enum(['queue', 'embedded'])
    .nullable()
    .describe('Where scan jobs run; null when this server runs none'),
});
export const ScheduleView = z.strictObject({ cron: z.string().nullable() });
