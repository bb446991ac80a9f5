import { z } from 'zod';

/** `250`, `250ms`, `1.5s`: a number without unit is milliseconds, the unit JMeter and Locust report in. */
export const durationMs = z.union([z.number().nonnegative(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(v);
  if (!m?.[1]) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration; write e.g. 250ms or 1.5s` });
    return z.NEVER;
  }
  const n = Number(m[1]);
  return m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n;
});

/** `50`, `50/s`, `3000/min`: requests per second. */
export const ratePerSec = z.union([z.number().nonnegative(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|sec|min|m|h))?\s*$/.exec(v);
  if (!m?.[1]) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a rate; write e.g. 50/s or 3000/min` });
    return z.NEVER;
  }
  const n = Number(m[1]);
  const per = m[2];
  return per === 'min' || per === 'm' ? n / 60 : per === 'h' ? n / 3600 : n;
});

/** `1%`, `1` (percent) or `0.5pp`: a percentage, stored as a number of percent. */
export const percent = z.union([z.number().nonnegative(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%|pp)?\s*$/.exec(v);
  if (!m?.[1]) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a percentage; write e.g. 1% or 0.5pp` });
    return z.NEVER;
  }
  return Number(m[1]);
});
