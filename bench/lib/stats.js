/** Small statistics helpers for the benchmark (nearest-rank percentiles). */

export function percentile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

export const median = (values) => percentile(values, 0.5);

/** 1234.5 → "1,235"; 12.345 → "12.3"; 0.1234 → "0.123" */
export function fmt(n) {
  if (n === undefined || Number.isNaN(n)) return 'n/a';
  const abs = Math.abs(n);
  if (abs >= 100) return Math.round(n).toLocaleString('en-US');
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toFixed(3);
}

export const ms = (n) => `${fmt(n)} ms`;
