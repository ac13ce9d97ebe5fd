/** Prepares a copy of the example app and runs `hearth sandbox --once` in it as a child process. */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(REPO, 'dist', 'cli', 'main.js');
const USER_PROFILE = join(REPO, 'examples', 'user-profile');
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

/** Children still running, killed on any exit of the benchmark. */
const live = new Set();
export function killAllSandboxes() {
  for (const c of live) c.kill('SIGKILL');
}
process.on('exit', killAllSandboxes);

/**
 * A fresh copy of an app (examples/user-profile unless `from` names another) under
 * test-artifacts/bench/<name> (inside the repo, so function bundles resolve aws-amplify from the
 * repo's node_modules). For the user-profile app, the GraphQL statements its post-confirmation
 * handler imports are generated.
 */
export function prepareApp(name, from = USER_PROFILE) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
  const dir = join(REPO, 'test-artifacts', 'bench', name);
  rmSync(dir, { recursive: true, force: true });
  const skip = new Set(['.amplify', 'node_modules', 'amplify_outputs.json']);
  cpSync(from, dir, { recursive: true, filter: (src) => !skip.has(basename(src)) });
  if (from !== USER_PROFILE) return dir;
  execFileSync(process.execPath, [CLI, 'generate', 'graphql-client-code', '--out', 'amplify/auth/post-confirmation/graphql'], {
    cwd: dir,
    stdio: 'pipe',
    timeout: 60_000,
  });
  return dir;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Spawns the CLI and resolves once a stdout line contains `ready`, with the wall time from spawn.
 * `port` (default: a free one) and `env` (added to the environment) are optional.
 * @returns {Promise<{ pid: number, readyMs: number, readyLine: string, baseUrl: string, outputs: any, tail: () => string, stop: () => Promise<void> }>}
 */
export async function startSandbox({ dir, databaseUrl, port: fixedPort, env = {} }) {
  const port = fixedPort ?? (await freePort());
  const args = [CLI, 'sandbox', '--port', String(port), '--once'];
  if (databaseUrl) args.push('--database-url', databaseUrl);
  const lines = [];
  const keep = (l) => {
    lines.push(l);
    if (lines.length > 60) lines.shift();
  };
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', HEARTH_RATE_LIMITS: 'off', ...env },
  });
  live.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => live.delete(child));
  const tail = () => lines.join('\n');

  let readyLine;
  const ready = new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buf += chunk;
      let i = buf.indexOf('\n');
      while (i >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        keep(line);
        if (readyLine === undefined && /\bready\b/.test(line)) {
          readyLine = line;
          resolve(performance.now() - t0);
        }
        i = buf.indexOf('\n');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      for (const l of chunk.split('\n')) if (l) keep(`stderr: ${l}`);
    });
    exited.then(({ code, signal }) => reject(new Error(`sandbox exited (${signal ?? `code ${code}`}) before ready:\n${tail()}`)));
    setTimeout(() => reject(new Error(`no ready line within ${READY_TIMEOUT_MS} ms:\n${tail()}`)), READY_TIMEOUT_MS).unref();
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  let readyMs;
  try {
    readyMs = await ready;
  } catch (e) {
    await stop();
    throw e;
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  let outputs;
  try {
    outputs = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8'));
  } catch (e) {
    await stop();
    throw new Error(`amplify_outputs.json unreadable after ready: ${e.message}`);
  }
  return { pid: child.pid, readyMs, readyLine, baseUrl, outputs, tail, stop };
}
