import { join, resolve } from 'node:path';
import { CONSOLE_PATH } from '../server/create-app.js';
import { readServeConfig, type ServeFlags } from '../server/env-config.js';
import type { HearthMetrics, MetricsAccess } from '../server/metrics.js';
import { type RunningBackend, startBackend } from '../server/start-backend.js';
import { createLogger, type Logger } from '../util/logger.js';
import { describeError } from './report-error.js';
import { startupDone } from './startup-done.js';
import { watchAmplify } from './watch.js';

export interface ServeOptions extends ServeFlags {
  outputsOutDir?: string;
  /** an S3-compatible bucket for object bytes (env HEARTH_STORAGE_URL) */
  storageUrl?: string;
  /** a directory for object bytes (env HEARTH_STORAGE_DIR) */
  storageDir?: string;
  once?: boolean;
  /** sandbox: dev mailbox and file watching; start: neither */
  mode: 'sandbox' | 'start';
  /** the port when neither --port nor HEARTH_PORT is given */
  defaultPort: string;
}

/** `hearth sandbox` and `hearth start`: one process serving the whole backend. */
export async function serve(o: ServeOptions): Promise<void> {
  const t0 = performance.now();
  // a closed terminal or pipe must not take the server down with it
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  // every variable is checked before anything opens: a bad one is one clear message and exit 1
  const config = readServeConfig(o, process.env, { mode: o.mode, defaultPort: o.defaultPort });
  const logger = createLogger({ format: config.logFormat });
  const projectRoot = process.cwd();
  const backend = await startBackend({
    projectRoot,
    host: config.host,
    port: config.port,
    databaseUrl: config.databaseUrl,
    outputsDir: o.outputsOutDir ? resolve(o.outputsOutDir) : undefined,
    blobStoreUrl: o.storageUrl,
    blobDirectory: o.storageDir ? resolve(o.storageDir) : undefined,
    mailbox: o.mode === 'sandbox',
    // the sandbox is a development server: a process crash loses nothing, a power cut may lose the last writes
    sqliteSynchronous: o.mode === 'sandbox' ? 'NORMAL' : 'FULL',
    logger,
    metrics: await metricsFor(config.metricsAccess),
    console: config.console,
  });
  for (const w of backend.warnings) logger.warn(w);
  const watcher =
    o.mode === 'sandbox' && !o.once ? await watchAmplify(join(projectRoot, 'amplify'), () => reload(backend, logger)) : undefined;
  const ms = Math.round(performance.now() - t0);
  const u = backend.urls;
  const engine = backend.db.engine;
  // referenceAuth: the user pool is another backend's, signed in to there
  const authUrl = backend.ir().auth?.reference?.cognitoUrl ?? u.cognito;
  logger.info(
    `hearth ready in ${ms} ms · data ${u.data} · auth ${authUrl}${o.mode === 'sandbox' ? ` · mailbox ${u.mailbox}` : ''} · ${engine}`,
    { port: Number(new URL(u.base).port), engine },
  );
  startupDone();
  if (config.console) logger.info(`console ${u.base}${CONSOLE_PATH}/${o.mode === 'start' ? ' (sign in with the admin key)' : ''}`);
  const stop = stopper({ backend, logger, drainSeconds: config.drainTimeoutSeconds, beforeDrain: () => watcher?.close() });
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/** prom-client (with @opentelemetry/api and node:cluster, ~150 KB of the bundle) loads only when metrics are served */
async function metricsFor(access: MetricsAccess): Promise<{ registry: HearthMetrics; access: MetricsAccess } | undefined> {
  if (access === 'off') return undefined;
  const { createMetrics } = await import('../server/metrics.js');
  return { registry: createMetrics(), access };
}

/** after the drain, how long closing sockets, functions and the database may take */
const CLOSE_BOUND_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * The shutdown a load balancer expects: readiness turns 503 and the listener stops accepting,
 * requests in flight finish (up to `drainSeconds`), then realtime sockets get AppSync's close
 * (1001 "Server shutting down"; the Amplify client reports a connection disruption and
 * reconnects, to another instance behind the balancer), and the process exits 0, at most
 * `drainSeconds` + 2 s after the signal. A second signal exits at once with 1.
 */
function stopper(s: { backend: RunningBackend; logger: Logger; drainSeconds: number; beforeDrain: () => Promise<void> | undefined }) {
  let stopping = false;
  return async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const again = () => {
      s.logger.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    };
    process.once('SIGINT', again);
    process.once('SIGTERM', again);
    setTimeout(
      () => {
        s.logger.error(`shutdown took longer than ${s.drainSeconds + 5} s: exiting`);
        process.exit(1);
      },
      (s.drainSeconds + 5) * 1000,
    ).unref();
    s.logger.info(`${signal}: stopping (draining requests for up to ${s.drainSeconds} s)`);
    await s.beforeDrain();
    const left = await s.backend.drain(s.drainSeconds * 1000);
    if (left) s.logger.warn(`${left} request(s) still running after ${s.drainSeconds} s: cut off`);
    // a function still running a cut-off request would hold close() until it ends: bounded too
    const closed = await Promise.race([s.backend.close().then(() => true), sleep(CLOSE_BOUND_MS).then(() => false)]);
    s.logger.info(closed ? 'stopped' : `stopped without waiting for work still running after ${CLOSE_BOUND_MS / 1000} s more`);
    process.exit(0);
  };
}

async function reload(backend: RunningBackend, logger: Logger): Promise<void> {
  const t0 = performance.now();
  try {
    const { warnings } = await backend.reload();
    for (const w of warnings) logger.warn(w);
    logger.info(`reloaded in ${Math.round(performance.now() - t0)} ms`);
  } catch (e) {
    logger.error(`${describeError(e).replace(/^error: /, '')} (the previous backend keeps serving)`);
  }
}
