import { join, resolve } from 'node:path';
import { type RunningBackend, startBackend } from '../server/start-backend.js';
import { createLogger } from '../util/logger.js';
import { describeError } from './report-error.js';
import { watchAmplify } from './watch.js';

export interface ServeOptions {
  port: string;
  host: string;
  databaseUrl?: string;
  outputsOutDir?: string;
  /** an S3-compatible bucket for object bytes (env HEARTH_STORAGE_URL) */
  storageUrl?: string;
  /** a directory for object bytes (env HEARTH_STORAGE_DIR) */
  storageDir?: string;
  once?: boolean;
  /** sandbox: dev mailbox and file watching; start: neither */
  mode: 'sandbox' | 'start';
}

/** `hearth sandbox` and `hearth start`: one process serving the whole backend. */
export async function serve(o: ServeOptions): Promise<void> {
  const t0 = performance.now();
  // a closed terminal or pipe must not take the server down with it
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  const logger = createLogger();
  const projectRoot = process.cwd();
  const backend = await startBackend({
    projectRoot,
    host: o.host,
    port: Number.parseInt(o.port, 10),
    databaseUrl: o.databaseUrl ?? process.env.HEARTH_DATABASE_URL,
    outputsDir: o.outputsOutDir ? resolve(o.outputsOutDir) : undefined,
    blobStoreUrl: o.storageUrl,
    blobDirectory: o.storageDir ? resolve(o.storageDir) : undefined,
    mailbox: o.mode === 'sandbox',
    logger,
  });
  for (const w of backend.warnings) logger.warn(w);
  const watcher =
    o.mode === 'sandbox' && !o.once ? await watchAmplify(join(projectRoot, 'amplify'), () => reload(backend, logger)) : undefined;
  const ms = Math.round(performance.now() - t0);
  const u = backend.urls;
  const engine = backend.db.engine;
  logger.info(
    `hearth ready in ${ms} ms · data ${u.data} · auth ${u.cognito}${o.mode === 'sandbox' ? ` · mailbox ${u.mailbox}` : ''} · ${engine}`,
  );
  const stop = async (signal: string) => {
    logger.info(`${signal}: stopping`);
    await watcher?.close();
    await backend.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

async function reload(backend: RunningBackend, logger: ReturnType<typeof createLogger>): Promise<void> {
  const t0 = performance.now();
  try {
    const { warnings } = await backend.reload();
    for (const w of warnings) logger.warn(w);
    logger.info(`reloaded in ${Math.round(performance.now() - t0)} ms`);
  } catch (e) {
    logger.error(`${describeError(e).replace(/^error: /, '')} (the previous backend keeps serving)`);
  }
}
