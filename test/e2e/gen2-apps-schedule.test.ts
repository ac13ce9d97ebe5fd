/**
 * defineFunction({ schedule: 'every 1m' }) runs by itself: in `hearth sandbox`, and in two
 * `hearth start` instances on one PostgreSQL database, where each minute's firing runs once.
 * Waits for a real minute boundary (up to ~65 s).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, type FixtureApp } from '../fixtures/gen2-apps/fixture-app.js';
import { createPgSchema, pgUrl } from '../support/pg-schema.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

const apps: FixtureApp[] = [];
const procs: SandboxProcess[] = [];
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const p of procs) await p.stop();
  for (const a of apps) a.remove();
  for (const d of drops) await d();
});

const LINE = /scheduled Scheduled Event from aws\.scheduler at (\S+)/g;
const firings = (out: string) => [...out.matchAll(LINE)].map((m) => m[1]);

async function firstFiring(all: SandboxProcess[]): Promise<string> {
  for (let i = 0; i < 140; i++) {
    const seen = all.flatMap((p) => firings(p.output()));
    if (seen[0]) return seen[0];
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no scheduled run within 70 s:\n${all.map((p) => p.output()).join('\n---\n')}`);
}

async function run(o: { command: 'sandbox' | 'start'; databaseUrl?: string }) {
  const app = copyFixture('scheduled-function');
  apps.push(app);
  const p = await startSandbox({ cwd: app.dir, port: await freePort(), command: o.command, databaseUrl: o.databaseUrl });
  procs.push(p);
  return p;
}

describe('scheduled functions', () => {
  it('the sandbox runs an every-1m function at the minute with the scheduler event', async () => {
    const sandbox = await run({ command: 'sandbox' });
    const time = await firstFiring([sandbox]);
    expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
  }, 90_000);

  it.skipIf(!pgUrl)(
    'two hearth start instances on one PostgreSQL database run each firing once',
    async () => {
      const schema = await createPgSchema(pgUrl as string);
      drops.push(schema.drop);
      const [a, b] = await Promise.all([
        run({ command: 'start', databaseUrl: schema.url }),
        run({ command: 'start', databaseUrl: schema.url }),
      ]);
      const time = await firstFiring([a!, b!]);
      await new Promise((r) => setTimeout(r, 3000));
      const all = [...firings(a!.output()), ...firings(b!.output())].filter((t) => t === time);
      expect(all).toHaveLength(1);
    },
    90_000,
  );
});
