import { describe, expect, it } from 'vitest';
import { readServeConfig } from './env-config.js';

const start = { mode: 'start' as const, defaultPort: '4000' };
const problemsOf = (env: Record<string, string>, flags = {}) => {
  try {
    readServeConfig(flags, env, start);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('configuration checked at start', () => {
  it('reads every setting from the environment, flags first', () => {
    const c = readServeConfig(
      { port: '5000' },
      {
        HEARTH_PORT: '4100',
        HEARTH_HOST: '0.0.0.0',
        HEARTH_DATABASE_URL: 'postgres://hearth:pw@db:5432/hearth',
        HEARTH_LOG_FORMAT: 'json',
        HEARTH_DRAIN_TIMEOUT: '25',
        HEARTH_METRICS: '1',
        HEARTH_PUBLIC_URL: 'https://api.example.com/',
      },
      start,
    );
    expect(c).toEqual({
      port: 5000,
      host: '0.0.0.0',
      databaseUrl: 'postgres://hearth:pw@db:5432/hearth',
      logFormat: 'json',
      drainTimeoutSeconds: 25,
      metricsAccess: 'all',
      console: false,
    });
  });

  it('defaults: port 4000 on loopback, SQLite, text logs, 10 s drain; metrics off in start, loopback in the sandbox', () => {
    expect(readServeConfig({}, {}, start)).toEqual({
      port: 4000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      logFormat: 'text',
      drainTimeoutSeconds: 10,
      metricsAccess: 'off',
      console: false,
    });
    expect(readServeConfig({}, {}, { ...start, mode: 'sandbox' }).metricsAccess).toBe('loopback');
  });

  it('serves the console in the sandbox, and in start only when asked and with the admin key to sign in with', () => {
    const key = { HEARTH_ADMIN_ACCESS_KEY_ID: 'AKID', HEARTH_ADMIN_SECRET_ACCESS_KEY: 'secret' };
    expect(readServeConfig({}, {}, { ...start, mode: 'sandbox' }).console).toBe(true);
    expect(readServeConfig({}, { HEARTH_CONSOLE: '0' }, { ...start, mode: 'sandbox' }).console).toBe(false);
    expect(readServeConfig({}, key, start).console).toBe(false);
    expect(readServeConfig({ console: true }, key, start).console).toBe(true);
    expect(readServeConfig({}, { ...key, HEARTH_CONSOLE: '1' }, start).console).toBe(true);
    expect(problemsOf({ HEARTH_CONSOLE: '1' })).toMatch(/HEARTH_ADMIN_ACCESS_KEY_ID and HEARTH_ADMIN_SECRET_ACCESS_KEY/);
    expect(problemsOf({ HEARTH_CONSOLE: 'yes' })).toMatch(/HEARTH_CONSOLE must be 1/);
  });

  it.each([
    [{ HEARTH_PORT: 'eighty' }, 'HEARTH_PORT must be a port number from 0 to 65535 (got "eighty")'],
    [{ HEARTH_PORT: '70000' }, 'HEARTH_PORT must be a port number'],
    [{ HEARTH_DATABASE_URL: 'db:5432/hearth' }, 'HEARTH_DATABASE_URL must start with postgres://'],
    [{ HEARTH_DATABASE_URL: 'not a url' }, 'HEARTH_DATABASE_URL is not a URL'],
    [{ HEARTH_LOG_FORMAT: 'yaml' }, 'the log format must be text or json (got "yaml"'],
    [{ HEARTH_DRAIN_TIMEOUT: '-1' }, 'the drain timeout is a number of seconds'],
    [{ HEARTH_METRICS: 'yes please' }, 'HEARTH_METRICS must be 1'],
    [{ HEARTH_ADMIN_ACCESS_KEY_ID: 'AKID' }, 'Set both HEARTH_ADMIN_ACCESS_KEY_ID and HEARTH_ADMIN_SECRET_ACCESS_KEY'],
    [{ HEARTH_SMTP_URL: 'http://mail' }, 'HEARTH_SMTP_URL must start with smtp://'],
    [{ HEARTH_RATE_LIMITS: 'sometimes' }, 'HEARTH_RATE_LIMITS must be "on" or "off"'],
    [{ HEARTH_SMTP_CA_FILE: '/nope/ca.pem' }, 'HEARTH_SMTP_CA_FILE names /nope/ca.pem'],
    [{ HEARTH_PUBLIC_URL: 'api.example.com' }, 'HEARTH_PUBLIC_URL is not a URL'],
    [{ HEARTH_PUBLIC_URL: 'ftp://api.example.com' }, 'HEARTH_PUBLIC_URL must start with https://'],
  ])('%o is refused: %s', (env, message) => {
    expect(problemsOf(env)).toContain(message);
  });

  it('names every bad value at once, and a flag by its own name', () => {
    const m = problemsOf({ HEARTH_LOG_FORMAT: 'xml', HEARTH_DRAIN_TIMEOUT: 'soon' }, { port: 'x' });
    expect(m).toContain('--port must be a port number');
    expect(m).toContain('the log format');
    expect(m).toContain('the drain timeout');
  });

  it('never echoes a password from a URL it refuses', () => {
    const m = problemsOf({ HEARTH_STORAGE_URL: 'ftp://AKID:storage-secret-1@s3.local/b', HEARTH_SMTP_URL: 'smtpx://u:smtp-secret-2@mail' });
    expect(m).toContain('HEARTH_STORAGE_URL');
    expect(m).toContain('HEARTH_SMTP_URL');
    expect(m).not.toContain('storage-secret-1');
    expect(m).not.toContain('smtp-secret-2');
  });
});
