/** Small builders for the delivery tests (not shipped as an API: index.ts does not export them). */
import type { DeliveryEvent } from './events.js';

export const T0 = Date.parse('2026-03-02T00:00:00.000Z');
export const HOUR = 3_600_000;
export const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

export function deploy(
  id: string,
  hours: number,
  extra: Partial<Extract<DeliveryEvent, { type: 'deployment' }>> = {},
): DeliveryEvent {
  return {
    type: 'deployment',
    id,
    workload: 'shop',
    environment: 'production',
    status: 'success',
    time: at(hours),
    commits: [],
    source: 'generic',
    ...extra,
  };
}

export function incident(
  id: string,
  openedHours: number,
  resolvedHours?: number,
  extra: Partial<Extract<DeliveryEvent, { type: 'incident' }>> = {},
): DeliveryEvent {
  return {
    type: 'incident',
    id,
    workload: 'shop',
    openedAt: at(openedHours),
    ...(resolvedHours === undefined ? {} : { resolvedAt: at(resolvedHours) }),
    source: 'generic',
    ...extra,
  };
}
