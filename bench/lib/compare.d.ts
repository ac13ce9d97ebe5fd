/** Types of bench/lib/compare.js (plain ESM, no build step) for the tests in test/bench/. */

export interface Figures {
  rate?: number;
  rateUnit?: string;
  p50Ms?: number;
  p99Ms?: number;
  medianMs?: number;
  addedMs?: number;
  cpuMs?: number;
}

export interface RowCells {
  result: string;
  cpuText: string;
  verdict: string;
}

export interface Entry extends Figures, RowCells {
  label: string;
  [extra: string]: unknown;
}

export interface Results {
  format: number;
  commit?: string;
  date?: string;
  environment?: string;
  source?: string;
  rows: Record<string, Record<string, Entry>>;
  unmatched?: string[];
  [extra: string]: unknown;
}

export interface Keyed {
  key: string;
  label: string;
}

export const JSON_FORMAT: number;
export const NOISE_PCT: number;
export function measured(result: unknown): boolean;
export function figuresOf(result: string, cpuText: string): Figures;
export function concurrencyOf(key: string, ...texts: unknown[]): number | undefined;
export function ofCeiling(
  figures: Figures | undefined,
  concurrency: number | undefined,
  ceilings: { c1?: number; c32?: number },
): number | undefined;
export function pctText(fraction: number | undefined): string;
export function splitRow(line: string): string[];
export function parseMarkdownTable(md: string): Record<string, string>[];
export function parseEnvironment(md: string): { environment?: string; date?: string; commit?: string };
export function labelShape(label: string): string;
export function rowForLabel<R extends Keyed>(rows: R[], label: string): R | undefined;
export function entry(label: string, cells: RowCells, extra?: Record<string, unknown>): Entry;
export function baselineFromMarkdown(md: string, options: { rows: Keyed[]; engines: Keyed[]; source?: string }): Results;
export function beforeAfter(before: Entry | undefined, after: Entry | undefined): string;
