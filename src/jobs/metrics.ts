/** Scan-job metrics, for the server's /metrics and the worker's. */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface JobMetrics {
  observe(outcome: 'done' | 'failed', seconds: number): void;
}

export function jobMetrics(registry: Registry, depth?: () => Promise<number>): JobMetrics {
  const duration = new Histogram({
    name: 'waymark_scan_job_duration_seconds',
    help: 'Duration of scan-job attempts (fetch and scan), by outcome',
    labelNames: ['outcome'],
    buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'waymark_scan_job_failures_total',
    help: 'Scan-job attempts that failed',
    registers: [registry],
  });
  if (depth) {
    new Gauge({
      name: 'waymark_scan_queue_depth',
      help: 'Scan jobs waiting to run',
      registers: [registry],
      async collect() {
        try {
          this.set(await depth());
        } catch {
          // the database does not answer: leave the last value
        }
      },
    });
  }
  return {
    observe(outcome, seconds) {
      duration.observe({ outcome }, seconds);
      if (outcome === 'failed') failures.inc();
    },
  };
}
