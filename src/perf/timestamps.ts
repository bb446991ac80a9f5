const DATE_RE =
  /^(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads epoch numbers and formatted dates (JMeter's `timestamp_format`, ISO 8601, k6's RFC 3339).
 * Keeps count of zones seen, because results merged from engines in different zones, or written
 * partly without a zone, shift the over-time view silently unless someone says so.
 */
export class TimeParser {
  zoned = 0;
  zoneless = 0;
  readonly offsets = new Set<string>();
  epochSeconds = 0;

  /** Milliseconds since the epoch, or NaN when the text is not a time. */
  parse(text: string): number {
    const t = text.trim();
    if (/^\d+(\.\d+)?$/.test(t)) {
      const n = Number(t);
      // 10-11 digits are seconds (some exporters), 13 are JMeter's milliseconds.
      if (n < 1e11) {
        this.epochSeconds++;
        return n * 1000;
      }
      return n;
    }
    const m = DATE_RE.exec(t);
    if (!m) return Number.NaN;
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    const ms = frac ? Number(`0.${frac}`) * 1000 : 0;
    let utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + ms;
    if (zone) {
      this.zoned++;
      if (zone !== 'Z') {
        const sign = zone.startsWith('-') ? -1 : 1;
        const digits = zone.slice(1).replace(':', '');
        const offMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
        utc -= sign * offMin * 60_000;
        this.offsets.add(offMin === 0 ? 'Z' : zone);
      } else this.offsets.add('Z');
    } else this.zoneless++;
    return utc;
  }

  notes(): string[] {
    const out: string[] = [];
    if (this.zoned > 0 && this.zoneless > 0)
      out.push(
        `mixed time zones: ${this.zoneless} timestamps had no zone and were read as UTC while ${this.zoned} had one; over-time windows may be shifted`,
      );
    else if (this.zoneless > 0)
      out.push('timestamps have no time zone; they were read as UTC (over-time windows are in UTC)');
    if (this.offsets.size > 1)
      out.push(`timestamps in several time zones (${[...this.offsets].join(', ')}) were converted to UTC`);
    if (this.epochSeconds > 0) out.push('epoch timestamps in seconds were read as seconds');
    return out;
  }
}
