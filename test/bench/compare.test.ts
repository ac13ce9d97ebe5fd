import { describe, expect, it } from 'vitest';
import {
  baselineFromMarkdown,
  beforeAfter,
  concurrencyOf,
  figuresOf,
  ofCeiling,
  parseMarkdownTable,
  pctText,
  rowForLabel,
} from '../../bench/lib/compare.js';

const ROWS = [
  { key: 'ready', label: '1. sandbox start → `ready` (median of 5)' },
  { key: 'srp-c16', label: '3b. SRP sign-in (native client), c=16' },
  { key: 'get-c1', label: '4. owner `getUserProfile`, c=1' },
  { key: 'get-c32', label: '4. owner `getUserProfile`, c=32' },
  { key: 'fanout', label: '8. subscription fan-out: mutation → 1,000 subscribers' },
  { key: 'sustained', label: '12. sustained mixed load (sign-in, get, list, create), c=32, 10 s' },
  { key: 'hatches', label: '15. backend.ts escape-hatch model: added to load + compile (median of 20)' },
];
const ENGINES = [
  { key: 'sqlite', label: 'SQLite' },
  { key: 'postgres', label: 'PostgreSQL' },
];

// Lines as bench/run.js writes them (padded cells, `|` escaped), including a row the bench no longer has.
const MD = `# Hearth benchmark

2026-12-03T13:48:02.120Z · node v20.20.2 · 2 × Intel(R) Xeon(R) Processor · load average at start 1.02 1.40 2.10 · commit 507f600

| Measurement                                                        | Engine     | Result | Server CPU / op | Target | Verdict |
| ------------------------------------------------------------------ | ---------- | ------ | --------------- | ------ | ------- |
| 1. sandbox start → \`ready\` (median of 5)                           | SQLite     | median 341 ms (min 328 ms, max 641 ms; 1st start, cold: 641 ms) · n=5 | 390 ms (10.0 ms in child processes) | < 1 s | PASS |
| 3b. SRP sign-in (native client), c=16                              | PostgreSQL | 199 sign-ins/s · p50 79.4 ms (of which server round-trips 76.9 ms) · n=800 | 4.60 ms (0.087 ms in child processes); load generator: 3.68 ms CPU per sign-in | < 5 ms | PASS |
| 4. owner \`getUserProfile\`, c=32                                    | SQLite     | 7,220 req/s · p50 4.06 ms · p99 8.28 ms · 0 non-2xx · 0 GraphQL errors · n=21,731 | 0.142 ms | > 5,000 req/s | PASS |
| 4. owner \`getUserProfile\`, c=1                                     | SQLite     | 4,107 req/s · p50 0.218 ms · p99 0.605 ms · 0 non-2xx · 0 GraphQL errors · n=12,322 | 0.210 ms | — | — |
| 8. subscription fan-out: mutation → 1,000 subscribers              | SQLite     | to all 1000: p50 15.9 ms, max 42.2 ms · to half: p50 12.7 ms | 19.0 ms; per mutation, incl. its fan-out | — | — |
| 12. sustained mixed load (sign-in, get, list, create), c=32, 60 s  | SQLite     | 60 s at c=32 (after 6 s warm-up): 467 ops/s · p50 60.4 ms · p99 212 ms · 0 errors (sign-in 23.3/s) | 1.15 ms | growth ≤ 10% | PASS |
| 13. same mix, 1 vs 3 instances on one database, 20 s each          | SQLite     | skipped: several instances need PostgreSQL | — | — | SKIP |
| 15. backend.ts escape-hatch model: added to load + compile (median of 20) | SQLite | +1.20 ms (load + compile \\| warm) | n/a | ≤ 50 ms | PASS |
| 99. a row since removed                                            | SQLite     | 5 req/s | 1.00 ms | — | — |

Server CPU: …
`;

describe('bench figures', () => {
  it('reads the headline figures out of a row’s Result and Server CPU cells', () => {
    expect(figuresOf('7,220 req/s · p50 4.06 ms · p99 8.28 ms · 0 non-2xx · n=21,731', '0.142 ms')).toEqual({
      rate: 7220,
      rateUnit: 'req/s',
      p50Ms: 4.06,
      p99Ms: 8.28,
      cpuMs: 0.142,
    });
    expect(figuresOf('median 1,204 ms (min 328 ms, max 641 ms) · n=5', '390 ms (10.0 ms in child processes)')).toEqual({
      medianMs: 1204,
      cpuMs: 390,
    });
    expect(figuresOf('168 MB/s · 297 ms for 50 MB in 10 parts', '2.10 ms; per MB')).toEqual({ rate: 168, rateUnit: 'MB/s', cpuMs: 2.1 });
    expect(figuresOf('+1.20 ms (load + compile)', 'n/a')).toEqual({ addedMs: 1.2 });
    // a failed or skipped row has no figures, even when its reason contains numbers
    expect(figuresOf('failed: timeout after 10 req/s p50 3 ms', '—')).toEqual({});
    expect(figuresOf('skipped: not run', '—')).toEqual({});
  });

  it('finds a row’s concurrency from its key or its text', () => {
    expect(concurrencyOf('get-c32')).toBe(32);
    expect(concurrencyOf('srp-c1', 'c=16 in the text does not win over the key')).toBe(1);
    expect(concurrencyOf('list-scan', 'label', '138 req/s · p50 57.0 ms · c=8 · 0 bad')).toBe(8);
    expect(concurrencyOf('fanout', 'no concurrency here')).toBeUndefined();
  });

  it('gives a rate as a share of the ceiling at the matching concurrency', () => {
    const ceilings = { c1: 8000, c32: 16000 };
    expect(ofCeiling({ rate: 4000, rateUnit: 'req/s' }, 1, ceilings)).toBe(0.5);
    expect(ofCeiling({ rate: 4000, rateUnit: 'req/s' }, 32, ceilings)).toBe(0.25);
    expect(ofCeiling({ rate: 4000, rateUnit: 'req/s' }, 8, ceilings)).toBe(0.25);
    expect(ofCeiling({ rate: 168, rateUnit: 'MB/s' }, 4, ceilings)).toBeUndefined();
    expect(ofCeiling({ p50Ms: 3 }, 1, ceilings)).toBeUndefined();
    expect(ofCeiling({ rate: 4000, rateUnit: 'req/s' }, 32, { c1: 8000 })).toBeUndefined();
    expect(pctText(0.523)).toBe('52 %');
    expect(pctText(0.0123)).toBe('1.2 %');
    expect(pctText(undefined)).toBe('—');
  });
});

describe('markdown table → baseline', () => {
  it('splits cells on unescaped pipes only', () => {
    const [row] = parseMarkdownTable('| A | B |\n| - | - |\n| x \\| y | z |\n');
    expect(row).toEqual({ A: 'x | y', B: 'z' });
  });

  it('matches rows by label, and by label shape when a duration changed', () => {
    expect(rowForLabel(ROWS, '12. sustained mixed load (sign-in, get, list, create), c=32, 300 s')?.key).toBe('sustained');
    // c=N is part of the shape: c=1 and c=32 stay apart
    expect(rowForLabel(ROWS, '4. owner `getUserProfile`, c=32')?.key).toBe('get-c32');
    expect(rowForLabel(ROWS, '4. owner `getUserProfile`, c=16')).toBeUndefined();
  });

  it('converts a bench table into the results-JSON shape with its commit and date', () => {
    const b = baselineFromMarkdown(MD, { rows: ROWS, engines: ENGINES, source: 'bench-before.md' });
    expect(b.commit).toBe('507f600');
    expect(b.date).toBe('2026-12-03T13:48:02.120Z');
    expect(b.source).toBe('bench-before.md');
    expect(b.rows['get-c32']?.sqlite).toMatchObject({
      rate: 7220,
      rateUnit: 'req/s',
      p50Ms: 4.06,
      p99Ms: 8.28,
      cpuMs: 0.142,
      verdict: 'PASS',
    });
    expect(b.rows['get-c1']?.sqlite?.rate).toBe(4107);
    expect(b.rows['srp-c16']?.postgres).toMatchObject({ rate: 199, rateUnit: 'sign-ins/s', p50Ms: 79.4, cpuMs: 4.6 });
    expect(b.rows.ready?.sqlite).toMatchObject({ medianMs: 341, cpuMs: 390 });
    expect(b.rows.fanout?.sqlite).toMatchObject({ p50Ms: 15.9, cpuMs: 19 });
    expect(b.rows.sustained?.sqlite).toMatchObject({
      rate: 467,
      rateUnit: 'ops/s',
      label: '12. sustained mixed load (sign-in, get, list, create), c=32, 60 s',
    });
    expect(b.rows.hatches?.sqlite).toMatchObject({ addedMs: 1.2, result: '+1.20 ms (load + compile | warm)' });
    expect(b.rows.hatches?.sqlite?.cpuMs).toBeUndefined();
    expect(b.unmatched).toEqual(['13. same mix, 1 vs 3 instances on one database, 20 s each / SQLite', '99. a row since removed / SQLite']);
  });

  it('refuses text without a table', () => {
    expect(() => parseMarkdownTable('# Hearth benchmark\n\nnothing ran\n')).toThrow(/no markdown table/);
  });
});

describe('before → after', () => {
  const row = (result: string, cpuText: string, label = 'x') => ({ label, result, cpuText, verdict: '—', ...figuresOf(result, cpuText) });

  it('gives server CPU and the rate with the change, and marks a change beyond the noise in the wrong direction', () => {
    const before = row('4,107 req/s · p50 0.218 ms', '0.210 ms');
    expect(beforeAfter(before, row('4,500 req/s · p50 0.2 ms', '0.180 ms'))).toBe(
      'CPU 0.210 → 0.180 ms (-14 %) · 4,107 → 4,500 req/s (+9.6 %)',
    );
    expect(beforeAfter(before, row('3,000 req/s · p50 0.3 ms', '0.250 ms'))).toBe(
      'CPU 0.210 → 0.250 ms (+19 %, worse) · 4,107 → 3,000 req/s (-27 %, worse)',
    );
    expect(beforeAfter(before, row('4,107 req/s', '0.210 ms'))).toBe('CPU 0.210 → 0.210 ms (±0 %) · 4,107 → 4,107 req/s (±0 %)');
  });

  it('falls back to the median, then p50, then the added ms for rows without a rate', () => {
    expect(beforeAfter(row('median 341 ms', '390 ms'), row('median 250 ms', '300 ms'))).toBe(
      'CPU 390 → 300 ms (-23 %) · median 341 → 250 ms (-27 %)',
    );
    expect(beforeAfter(row('to all 1000: p50 15.9 ms', '19.0 ms'), row('to all 1000: p50 18.0 ms', '19.0 ms'))).toBe(
      'CPU 19.0 → 19.0 ms (±0 %) · p50 15.9 → 18.0 ms (+13 %, worse)',
    );
    expect(beforeAfter(row('+1.20 ms', 'n/a'), row('+1.10 ms', 'n/a'))).toBe('added 1.20 → 1.10 ms (-8.3 %)');
  });

  it('says when there is nothing to compare, and when the row ran differently before', () => {
    expect(beforeAfter(undefined, row('1 req/s', '1 ms'))).toBe('no baseline');
    expect(beforeAfter(row('skipped: several instances need PostgreSQL', '—'), row('1 req/s', '1 ms'))).toBe('before: skipped');
    expect(beforeAfter(row('1 req/s', '1 ms'), row('failed: boom', '—'))).toBe('now: failed');
    expect(beforeAfter(row('1 req/s', '1 ms'), undefined)).toBe('now: not run');
    expect(beforeAfter(row('100 ops/s', '1.00 ms', 'mix, 60 s'), row('110 ops/s', '1.00 ms', 'mix, 10 s'))).toBe(
      'CPU 1.00 → 1.00 ms (±0 %) · 100 → 110 ops/s (+10 %) (before ran as "mix, 60 s")',
    );
  });
});
