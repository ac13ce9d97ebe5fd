/**
 * `/_hearth/ready` on PostgreSQL tells a load balancer the truth: 200 while the database answers,
 * 503 while it refuses this instance (its role locked out and its connections cut), 200 again after,
 * and `/_hearth/health` stays 200 throughout (restarting the process would not help).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/app-copy.js';
import { writeOperableApp } from '../support/operable-app.js';
import { createPgSchema, pgUrl } from '../support/pg-schema.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

const role = `hearth_ready_${randomBytes(4).toString('hex')}`;
const dir = join(repoRoot, 'test-artifacts', `ready-pg-${randomBytes(4).toString('hex')}`);

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function statusWithin(url: string, want: number, ms: number): Promise<number> {
  let last = 0;
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    last = (await fetch(url)).status;
    if (last === want) return last;
  }
  return last;
}

describe.skipIf(!pgUrl)('readiness on PostgreSQL (skipped without HEARTH_TEST_DATABASE_URL)', () => {
  let p: SandboxProcess;
  let base: string;
  let schema: Awaited<ReturnType<typeof createPgSchema>>;

  beforeAll(async () => {
    writeOperableApp(dir);
    schema = await createPgSchema(pgUrl as string);
    const name = new URL(schema.url).searchParams.get('options')?.split('=')[1] as string;
    await admin(`create role ${role} login; grant all on schema ${name} to ${role}`);
    const url = new URL(schema.url);
    url.username = role;
    p = await startSandbox({ cwd: dir, port: await freePort(), command: 'start', databaseUrl: url.toString() });
    base = /data (http:\/\/[^/]+)\/graphql/.exec(p.output())?.[1] as string;
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
    await admin(`alter role ${role} login`).catch(() => {});
    await schema?.drop();
    await admin(`drop role if exists ${role}`).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('is ready while the database answers, 503 while it refuses, ready again after', async () => {
    expect((await fetch(`${base}/_hearth/ready`)).status).toBe(200);
    await admin(`alter role ${role} nologin`);
    await admin(`select pg_terminate_backend(pid) from pg_stat_activity where usename = '${role}'`);
    const down = await fetch(`${base}/_hearth/ready`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ready: false, reason: 'database unreachable' });
    expect((await fetch(`${base}/_hearth/health`)).status).toBe(200);
    await admin(`alter role ${role} login`);
    expect(await statusWithin(`${base}/_hearth/ready`, 200, 10_000)).toBe(200);
  }, 30_000);
});
