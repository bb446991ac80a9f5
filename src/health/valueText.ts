/** Numbers as a person reads them in a reason: short, and bytes in binary units. */

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(4)));
}

const BYTE_UNITS = new Set(['bytes', 'byte', 'B']);
const IEC = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** `0.25 ratio`; `23.07 GiB (24,773,750,784 bytes)`: the exact count stays, for a search or a copy. */
export function formatValue(n: number, unit: string): string {
  if (!BYTE_UNITS.has(unit) || !Number.isFinite(n) || Math.abs(n) < 1024) return `${formatNumber(n)} ${unit}`;
  let scaled = n / 1024;
  let i = 0;
  while (Math.abs(scaled) >= 1024 && i < IEC.length - 1) {
    scaled /= 1024;
    i++;
  }
  const exact = Number.isInteger(n) ? n.toLocaleString('en') : formatNumber(n);
  return `${formatNumber(scaled)} ${IEC[i]} (${exact} ${unit})`;
}

/** A threshold beside a value: bytes in the same form, other units as the bare number. */
export function formatBound(n: number, unit: string): string {
  return BYTE_UNITS.has(unit) ? formatValue(n, unit) : formatNumber(n);
}
