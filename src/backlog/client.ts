import type { DesiredItem, WorkItem } from './workItem.js';

/** What the push needs from a tracker: its Waymark items, and three writes. */
export interface BacklogClient {
  readonly service: string;
  /** Every work item Waymark opened (open or closed), across all pages. */
  list(): Promise<WorkItem[]>;
  /** Opens a work item; returns its id. */
  create(want: DesiredItem): Promise<string>;
  /** Rewrites title, body and labels, and reopens it when closed. */
  update(item: WorkItem, want: DesiredItem): Promise<void>;
  close(item: WorkItem): Promise<void>;
}
