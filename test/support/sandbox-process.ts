/**
 * Runs `hearth sandbox` (or `hearth start`, with `command: 'start'`) as a child process, the way a
 * developer or an operator does, and waits for its `ready` line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { hearthBin } from './app-copy.js';

export interface SandboxProcess {
  child: ChildProcess;
  output: () => string;
  readyLine: string;
  stop(): Promise<number | null>;
}

export async function startSandbox(o: {
  cwd: string;
  port: number;
  databaseUrl?: string;
  args?: string[];
  bin?: string;
  watch?: boolean;
  /** `start` never watches (it has no --once) and has no mailbox */
  command?: 'sandbox' | 'start';
  /** added to the environment (HEARTH_SMTP_URL, HEARTH_ADMIN_*…) */
  env?: Record<string, string>;
}): Promise<SandboxProcess> {
  const command = o.command ?? 'sandbox';
  const once = command === 'sandbox' && !o.watch ? ['--once'] : [];
  const args = [o.bin ?? hearthBin, command, '--port', String(o.port), ...once, ...(o.args ?? [])];
  if (o.databaseUrl) args.push('--database-url', o.databaseUrl);
  const child = spawn(process.execPath, args, {
    cwd: o.cwd,
    env: { ...process.env, HEARTH_DATABASE_URL: '', ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const readyLine = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} not ready after 30 s:\n${out}`)), 30_000);
    const check = () => {
      const line = out.split('\n').find((l) => l.includes('ready'));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before ready:\n${out}`));
    });
  });
  return {
    child,
    output: () => out,
    readyLine,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

/** A port that was free a moment ago (the sandbox must come back on the same one after a restart). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
