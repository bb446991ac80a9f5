/** Request shapes of the repository and scan-job routes (issue 13). */
import { z } from 'zod';

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
