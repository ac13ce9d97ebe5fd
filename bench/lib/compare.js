/**
 * Machine-readable bench results, the baseline they are compared with, and the ceiling ratio.
 * Pure functions (no I/O): run.js reads and writes the files.
 *
 * The headline figures of a row are read back from the row's own Result and Server CPU cells, so a
 * baseline converted from an older markdown table (bench/results/*.md) and a fresh run are read the
 * same way. The first figure of each kind in the Result text counts:
 *   rate     "7,220 req/s" (also ops/s, sign-ins/s, sign-ups/s, refreshes/s, MB/s), with rateUnit
 *   p50Ms    "p50 4.06 ms"        p99Ms  "p99 8.28 ms"
 *   medianMs "median 341 ms"      addedMs "+1.20 ms" at the start (row 15)
 *   cpuMs    the Server CPU / op cell's leading "0.210 ms"
 */
import { fmt } from './stats.js';

export const JSON_FORMAT = 1;
/** A change smaller than this (in %) is read as noise on a shared machine; larger and in the wrong direction is marked `worse`. */
export const NOISE_PCT = 10;

const NUM = String.raw`(\d[\d,]*(?:\.\d+)?)`;
const RATE = new RegExp(`${NUM} (req|ops|sign-ins|sign-ups|refreshes|MB)/s\\b`);
const P50 = new RegExp(String.raw`\bp50 ${NUM} ms`);
const P99 = new RegExp(String.raw`\bp99 ${NUM} ms`);
const MEDIAN = new RegExp(String.raw`\bmedian ${NUM} ms`);
const ADDED = new RegExp(String.raw`^\+${NUM} ms`);
const CPU = new RegExp(String.raw`^${NUM} ms\b`);
const number = (s) => Number(s.replaceAll(',', ''));

/** Did the row produce figures (not `failed: …` / `skipped: …`)? */
export const measured = (result) => typeof result === 'string' && !/^(failed|skipped):/.test(result);

/** The headline figures of one row: see the module comment. Absent figures are left out. */
export function figuresOf(result, cpuText) {
  const f = {};
  if (measured(result)) {
    const rate = result.match(RATE);
    if (rate) {
      f.rate = number(rate[1]);
      f.rateUnit = `${rate[2]}/s`;
    }
    for (const [name, re] of [
      ['p50Ms', P50],
      ['p99Ms', P99],
      ['medianMs', MEDIAN],
      ['addedMs', ADDED],
    ]) {
      const m = result.match(re);
      if (m) f[name] = number(m[1]);
    }
  }
  const cpu = typeof cpuText === 'string' ? cpuText.trim().match(CPU) : null;
  if (cpu) f.cpuMs = number(cpu[1]);
  return f;
}

/** Concurrency of a row: from its key (`get-c32`) or a `c=8` in its label or result; undefined when neither says. */
export function concurrencyOf(key, ...texts) {
  const k = /-c(\d+)$/.exec(key);
  if (k) return Number(k[1]);
  for (const t of texts) {
    const m = typeof t === 'string' ? /\bc=(\d+)/.exec(t) : null;
    if (m) return Number(m[1]);
  }
  return undefined;
}

/**
 * A row's request rate as a fraction of the ceiling (raw node:http under the same client loop):
 * rows at c=1 against the c=1 ceiling, every other row against the c=32 one. Undefined for rows
 * without a request rate (MB/s, latency-only rows) or without a ceiling.
 */
export function ofCeiling(figures, concurrency, ceilings) {
  if (!figures?.rate || figures.rateUnit === 'MB/s' || concurrency === undefined) return undefined;
  const base = concurrency === 1 ? ceilings?.c1 : ceilings?.c32;
  return base ? figures.rate / base : undefined;
}

/** 0.523 → "52 %"; 0.0123 → "1.2 %" */
export function pctText(fraction) {
  if (fraction === undefined || !Number.isFinite(fraction)) return '—';
  const p = fraction * 100;
  return `${p >= 10 ? Math.round(p) : p.toFixed(1)} %`;
}

/** Cells of one markdown table line; `\|` inside a cell is a literal pipe. */
export function splitRow(line) {
  const cells = [];
  let cell = '';
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && body[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (body[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += body[i];
  }
  cells.push(cell.trim());
  return cells;
}

/** The first markdown table of `md` as objects keyed by its header cells. */
export function parseMarkdownTable(md) {
  const lines = md.split('\n').filter((l) => l.trim().startsWith('|'));
  if (lines.length < 2) throw new Error('no markdown table found');
  const header = splitRow(lines[0]);
  return lines
    .slice(1)
    .filter((l) => !/^\|[\s|:-]+\|$/.test(l.trim()))
    .map((l) => {
      const cells = splitRow(l);
      return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
    });
}

/** The bench's environment line: "<ISO date> · node … · commit <sha>[ + uncommitted changes]". */
export function parseEnvironment(md) {
  const line = md.split('\n').find((l) => /^\d{4}-\d\d-\d\dT\S+ · .* · commit \S+/.test(l.trim()));
  if (!line) return { environment: undefined, date: undefined, commit: undefined };
  const t = line.trim();
  return { environment: t, date: t.split(' · ')[0], commit: /· commit (.+)$/.exec(t)?.[1] };
}

/** A label with its counts and durations blanked (a `c=N` kept), so "…, 60 s" and "…, 300 s" match. */
export const labelShape = (label) => label.replace(/(?<!c=)\d[\d,.]*/g, '#');

/** The row of `rows` ({ key, label }) a label names: the same label, or else the same label shape. */
export function rowForLabel(rows, label) {
  return rows.find((r) => r.label === label) ?? rows.find((r) => labelShape(r.label) === labelShape(label));
}

/** One row/engine entry of results JSON. */
export function entry(label, { result, cpuText, verdict }, extra = {}) {
  return { label, result, cpuText, verdict, ...figuresOf(result, cpuText), ...extra };
}

/**
 * A baseline (the results-JSON shape) from a bench markdown table. `rows` and `engines` are the
 * bench's ({ key, label }); table rows matching no known row are listed in `unmatched`.
 */
export function baselineFromMarkdown(md, { rows, engines, source }) {
  const { environment, date, commit } = parseEnvironment(md);
  const out = { format: JSON_FORMAT, commit, date, environment, source, rows: {}, unmatched: [] };
  for (const line of parseMarkdownTable(md)) {
    const row = rowForLabel(rows, line.Measurement ?? '');
    const engine = engines.find((e) => e.label === line.Engine);
    if (!row || !engine) {
      out.unmatched.push(`${line.Measurement} / ${line.Engine}`);
      continue;
    }
    out.rows[row.key] ??= {};
    out.rows[row.key][engine.key] = entry(line.Measurement, {
      result: line.Result,
      cpuText: line['Server CPU / op'],
      verdict: line.Verdict,
    });
  }
  return out;
}

/** "+12 %" / "-3.4 %" */
function signedPct(p) {
  const r = Math.abs(p) >= 10 ? Math.round(p) : Number(p.toFixed(1));
  return `${r > 0 ? '+' : r < 0 ? '-' : '±'}${Math.abs(r)} %`;
}

function change(name, before, after, unit, lowerIsBetter) {
  if (!(before > 0) || after === undefined) return undefined;
  const p = ((after - before) / before) * 100;
  const worse = lowerIsBetter ? p >= NOISE_PCT : p <= -NOISE_PCT;
  return `${name} ${fmt(before)} → ${fmt(after)}${unit} (${signedPct(p)}${worse ? ', worse' : ''})`;
}

/**
 * The "Before → after" cell: server CPU / op, then the row's main figure (its rate, else its
 * median, else p50, else the added ms), each as before → after (change %).
 */
export function beforeAfter(before, after) {
  if (!before) return 'no baseline';
  if (!measured(before.result)) return `before: ${before.result?.split(':')[0] ?? 'n/a'}`;
  if (!after || !measured(after.result)) return `now: ${after?.result?.split(':')[0] ?? 'not run'}`;
  const parts = [change('CPU', before.cpuMs, after.cpuMs, ' ms', true)];
  if (before.rate !== undefined && before.rateUnit === after.rateUnit)
    parts.push(change('', before.rate, after.rate, ` ${after.rateUnit}`, false));
  else if (before.medianMs !== undefined) parts.push(change('median', before.medianMs, after.medianMs, ' ms', true));
  else if (before.p50Ms !== undefined) parts.push(change('p50', before.p50Ms, after.p50Ms, ' ms', true));
  else if (before.addedMs !== undefined) parts.push(change('added', before.addedMs, after.addedMs, ' ms', true));
  const text = parts
    .filter(Boolean)
    .map((s) => s.trim())
    .join(' · ');
  const note = before.label && after.label && before.label !== after.label ? ` (before ran as "${before.label}")` : '';
  return (text || 'n/a') + note;
}
