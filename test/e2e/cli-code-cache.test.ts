/**
 * The `hearth` command runs its bundle with V8's code cache (scripts/cli-launcher.mjs): a command
 * leaves a cache, a start replaces it with one holding what a start compiles, the next start runs
 * from it (the app's backend, an ES module import() of the bundle, included), and a cache V8
 * refuses is replaced instead of breaking the start. On Node ≥ 22.1 Node's own compile cache is
 * used instead, and there is nothing of Hearth's to check.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, repoRoot } from '../support/app-copy.js';
import { freePort, startSandbox } from '../support/sandbox-process.js';

const BY_SERVE = 1;
const BY_OTHER = 0;
const nodeCaches = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

describe.skipIf(nodeCaches)('the command code cache (Node 20)', () => {
  let app: ReturnType<typeof copyExample>;
  // a copy of the built command beside dist/cli, so the bundle finds dist/backend and the rest as
  // it does from there, without touching the cache the other tests' starts use
  const binDir = join(repoRoot, 'dist', `cli-cache-test-${randomBytes(4).toString('hex')}`);
  const bin = join(binDir, 'main.js');
  const home = mkdtempSync(join(tmpdir(), 'hearth-home-'));
  const env = { HOME: home };
  const caches = () => readdirSync(binDir).filter((f) => f.endsWith('.cache'));
  const cacheFile = () => join(binDir, caches()[0] ?? 'none');

  beforeAll(() => {
    app = copyExample('user-profile');
    mkdirSync(binDir);
    for (const f of ['main.js', 'hearth.cjs']) copyFileSync(join(repoRoot, 'dist', 'cli', f), join(binDir, f));
  });
  afterAll(() => {
    app?.remove();
    rmSync(binDir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  const keptByServe = () => caches().length === 1 && readFileSync(cacheFile())[0] === BY_SERVE;
  const serveOnce = async (written = keptByServe) => {
    const s = await startSandbox({ cwd: app.dir, port: await freePort(), bin, env });
    // the cache is written just after the ready line
    for (let i = 0; i < 100 && !written(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await s.stop()).toBe(0);
    return s;
  };

  it('a command leaves a cache, a start replaces it with its own, and the next start runs from that one', async () => {
    writeFileSync(join(binDir, 'cli-0123456789abcdef-v20.0.0-x64.cache'), 'an earlier build');
    execFileSync(process.execPath, [bin, 'generate', 'outputs'], { cwd: app.dir, env: { ...process.env, ...env }, stdio: 'pipe' });
    // the earlier build's cache is gone
    expect(caches()).toHaveLength(1);
    expect(readFileSync(cacheFile())[0]).toBe(BY_OTHER);

    await serveOnce();
    expect(caches()).toHaveLength(1);
    expect(readFileSync(cacheFile())[0]).toBe(BY_SERVE);
    const kept = statSync(cacheFile()).mtimeMs;

    // started from the cache: ready (the app's backend.ts imported), and the cache left as it was
    const again = await serveOnce();
    expect(again.readyLine).toMatch(/hearth ready in \d+ ms/);
    expect(statSync(cacheFile()).mtimeMs).toBe(kept);
    expect(readdirSync(home)).toEqual([]);
  });

  it('replaces a cache that V8 refuses and still starts', async () => {
    const file = cacheFile();
    const garbage = Buffer.concat([Buffer.from([BY_SERVE]), randomBytes(4096)]);
    writeFileSync(file, garbage);
    const s = await serveOnce(() => !readFileSync(file).equals(garbage));
    expect(s.readyLine).toMatch(/hearth ready in \d+ ms/);
    const now = readFileSync(file);
    expect(now[0]).toBe(BY_SERVE);
    expect(now.equals(garbage)).toBe(false);
  });
});
