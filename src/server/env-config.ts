/**
 * Every HEARTH_* variable `hearth sandbox` and `hearth start` read, checked before anything starts,
 * so a typo is one clear message at launch rather than a failure on the first request. Flags win
 * over variables. Values are never echoed when they may hold a password (URLs with credentials).
 */
import { existsSync } from 'node:fs';
import { rateLimitsFromEnv } from '../auth/rate-limits-env.js';
import { parseSmtpUrl } from '../mail/smtp-url.js';
import { parseStorageUrl } from '../storage/blobs/s3-storage-url.js';
import { HearthError } from '../util/errors.js';
import { LOG_FORMATS, type LogFormat } from '../util/logger.js';
import type { MetricsAccess } from './metrics.js';

type Env = Record<string, string | undefined>;

export interface ServeFlags {
  port?: string;
  host?: string;
  databaseUrl?: string;
  logFormat?: string;
  metrics?: boolean;
  drainTimeout?: string;
  /** `hearth start --console` */
  console?: boolean;
}

export interface ServeConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  logFormat: LogFormat;
  /** seconds SIGTERM waits for requests in flight */
  drainTimeoutSeconds: number;
  metricsAccess: MetricsAccess;
  /** serve the dev console: the sandbox's default; `start` only when asked, and then behind the admin key */
  console: boolean;
}

export const DEFAULT_DRAIN_TIMEOUT_SECONDS = 10;

/**
 * Reads flags and environment for a serving command; throws one ConfigError naming every bad
 * value. `sandbox` serves metrics to loopback callers; `start` only when asked (`--metrics`,
 * HEARTH_METRICS=1), then to every caller (a scraper runs elsewhere, e.g. in another container).
 */
export function readServeConfig(f: ServeFlags, env: Env, o: { mode: 'sandbox' | 'start'; defaultPort: string }): ServeConfig {
  const problems: string[] = [];
  const check = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (e) {
      problems.push((e as Error).message);
      return fallback;
    }
  };
  const config: ServeConfig = {
    port: check(() => port(f.port ?? env.HEARTH_PORT ?? o.defaultPort, f.port ? '--port' : 'HEARTH_PORT'), 0),
    host: check(() => host(f.host ?? env.HEARTH_HOST ?? '127.0.0.1'), '127.0.0.1'),
    databaseUrl: check(
      () => databaseUrl(f.databaseUrl ?? env.HEARTH_DATABASE_URL, f.databaseUrl ? '--database-url' : 'HEARTH_DATABASE_URL'),
      undefined,
    ),
    logFormat: check(() => logFormat(f.logFormat ?? env.HEARTH_LOG_FORMAT), 'text'),
    drainTimeoutSeconds: check(() => drainTimeout(f.drainTimeout ?? env.HEARTH_DRAIN_TIMEOUT), DEFAULT_DRAIN_TIMEOUT_SECONDS),
    metricsAccess: check(() => metricsAccess(f.metrics, env.HEARTH_METRICS, o.mode), 'off'),
    console: check(() => consoleOn(f.console, env, o.mode), false),
  };
  for (const fn of sideChecks(env)) check(fn, undefined);
  if (problems.length) throw new HearthError('ConfigError', `the configuration is not usable:\n  - ${problems.join('\n  - ')}`);
  return config;
}

/** The variables other parts read when they start; checked here too, so every problem shows at once. */
function sideChecks(env: Env): (() => unknown)[] {
  return [
    () => env.HEARTH_SMTP_URL && parseSmtpUrl(env.HEARTH_SMTP_URL),
    () => {
      const ca = env.HEARTH_SMTP_CA_FILE;
      if (ca && !existsSync(ca)) throw new Error(`HEARTH_SMTP_CA_FILE names ${ca}, which does not exist.`);
    },
    () => env.HEARTH_STORAGE_URL && parseStorageUrl(env.HEARTH_STORAGE_URL),
    () => env.HEARTH_PUBLIC_URL && publicUrl(env.HEARTH_PUBLIC_URL),
    () => {
      if (!env.HEARTH_ADMIN_ACCESS_KEY_ID !== !env.HEARTH_ADMIN_SECRET_ACCESS_KEY)
        throw new Error('Set both HEARTH_ADMIN_ACCESS_KEY_ID and HEARTH_ADMIN_SECRET_ACCESS_KEY, or neither.');
    },
    () => rateLimitsFromEnv(env),
  ];
}

function port(raw: string, name: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n > 65535) throw new Error(`${name} must be a port number from 0 to 65535 (got "${raw}").`);
  return n;
}

function host(raw: string): string {
  if (!raw.trim() || /[\s/]/.test(raw))
    throw new Error(`HEARTH_HOST must be an address to bind, e.g. 0.0.0.0 or 127.0.0.1 (got "${raw}").`);
  return raw;
}

function databaseUrl(raw: string | undefined, name: string): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} is not a URL (expected postgres://USER:PASSWORD@HOST:5432/DATABASE).`);
  }
  // a SQLite file another backend uses too (referenceAuth between two apps on one machine)
  if (url.protocol === 'file:') return raw;
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new Error(
      `${name} must start with postgres:// or postgresql:// (or file: for a SQLite file), not ${url.protocol}// (without it, Hearth uses SQLite under .amplify/).`,
    );
  if (!url.hostname && !url.searchParams.get('host'))
    throw new Error(`${name} names no host (expected postgres://USER:PASSWORD@HOST:5432/DATABASE).`);
  return raw;
}

function publicUrl(raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`HEARTH_PUBLIC_URL is not a URL (expected https://api.example.com, where clients reach this backend).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`HEARTH_PUBLIC_URL must start with https:// or http://, not ${url.protocol}//.`);
  if (url.search || url.hash || url.username) throw new Error('HEARTH_PUBLIC_URL takes no query, fragment or credentials.');
}

function logFormat(raw: string | undefined): LogFormat {
  if (raw === undefined || raw === '') return 'text';
  if ((LOG_FORMATS as string[]).includes(raw)) return raw as LogFormat;
  throw new Error(`the log format must be ${LOG_FORMATS.join(' or ')} (got "${raw}"; --log-format or HEARTH_LOG_FORMAT).`);
}

function drainTimeout(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_DRAIN_TIMEOUT_SECONDS;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 3600)
    throw new Error(`the drain timeout is a number of seconds from 0 to 3600 (got "${raw}"; --drain-timeout or HEARTH_DRAIN_TIMEOUT).`);
  return n;
}

/** HEARTH_CONSOLE=1|0; `start` serves the console only to holders of the admin key, so it needs one. */
function consoleOn(flag: boolean | undefined, env: Env, mode: 'sandbox' | 'start'): boolean {
  const v = env.HEARTH_CONSOLE?.trim().toLowerCase();
  let on: boolean;
  if (flag) on = true;
  else if (v === undefined || v === '') on = mode === 'sandbox';
  else if (v === '1' || v === 'true' || v === 'on') on = true;
  else if (v === '0' || v === 'false' || v === 'off') on = false;
  else throw new Error(`HEARTH_CONSOLE must be 1 (serve the console at /_hearth/console) or 0 (got "${env.HEARTH_CONSOLE}").`);
  if (on && mode === 'start' && !(env.HEARTH_ADMIN_ACCESS_KEY_ID && env.HEARTH_ADMIN_SECRET_ACCESS_KEY))
    throw new Error(
      'the console (--console, HEARTH_CONSOLE=1) signs in with the admin key: set HEARTH_ADMIN_ACCESS_KEY_ID and HEARTH_ADMIN_SECRET_ACCESS_KEY.',
    );
  return on;
}

function metricsAccess(flag: boolean | undefined, raw: string | undefined, mode: 'sandbox' | 'start'): MetricsAccess {
  if (flag) return 'all';
  const v = raw?.trim().toLowerCase();
  if (v === undefined || v === '') return mode === 'sandbox' ? 'loopback' : 'off';
  if (v === '1' || v === 'true' || v === 'on') return 'all';
  if (v === '0' || v === 'false' || v === 'off') return 'off';
  if (v === 'loopback') return 'loopback';
  throw new Error(`HEARTH_METRICS must be 1 (serve /_hearth/metrics), loopback or 0 (got "${raw}").`);
}
