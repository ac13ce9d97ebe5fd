/**
 * The dev console's wiring: on by default in `hearth sandbox` (loopback only), in `hearth start`
 * only with `--console` (HEARTH_CONSOLE=1), and then behind the admin key's session. What outlives a
 * reload (the event feed, the sessions, the invocation log) is made once here; the routes are made
 * again for each set of services (`handler`).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuthService } from '../auth/index.js';
import { SIGN_INS_KEPT } from '../auth/sign-in-history.js';
import type { DataService } from '../data/index.js';
import type { Database } from '../db/ports.js';
import type { InvocationQueue } from '../functions/index.js';
import { createInvocationLog, type InvocationLog } from '../functions/invocation-log.js';
import type { BackendIR } from '../ir/types.js';
import {
  type AdminKey,
  type ConsoleEvents,
  type ConsoleRoute,
  createConsoleEvents,
  createConsoleHandler,
  createConsoleSessions,
  eventRoutes,
  explorerRoutes,
  invocationRoutes,
  mailRoutes,
  overviewRoutes,
  recordRoutes,
  storageRoutes,
  userRoutes,
} from '../protocols/console/index.js';
import type { StorageService } from '../storage/index.js';
import type { Clock } from '../util/clock.js';
import type { HttpRequest, HttpResponse } from '../util/http.js';
import type { Ids } from '../util/ids.js';
import type { Logger } from '../util/logger.js';
import { CONSOLE_PATH } from './create-app.js';

const SESSION_KEY_NAME = 'console-session-key';

export interface ConsoleWiring {
  mode: 'sandbox' | 'production';
  events: ConsoleEvents;
  invocationLog: InvocationLog;
  /** the handler for one set of services (made again on each reload) */
  handler(s: ConsoleServices): (req: HttpRequest) => Promise<HttpResponse>;
}

export interface ConsoleServices {
  ir: BackendIR;
  auth?: AuthService;
  data?: DataService;
  storage?: StorageService;
  /** the durable queue of failed and asynchronous invocations (retry) */
  invocations: Pick<InvocationQueue, 'kick'>;
  urls: { base: string; data: string; cognito: string; storage?: string };
  /** where amplify_outputs.json is written */
  outputsFile: string;
}

/** undefined when the console is off: `hearth start` without `--console` */
export async function createConsoleWiring(o: {
  enabled: boolean;
  sandbox: boolean;
  db: Database;
  adminKey?: AdminKey;
  clock: Clock;
  ids: Ids;
  logger: Logger;
}): Promise<ConsoleWiring | undefined> {
  if (!o.enabled) return undefined;
  const mode = o.sandbox ? 'sandbox' : 'production';
  if (mode === 'production' && !o.adminKey)
    o.logger.warn(
      'the console is on but HEARTH_ADMIN_ACCESS_KEY_ID / HEARTH_ADMIN_SECRET_ACCESS_KEY are not set: nobody can sign in to it',
    );
  const key = Buffer.from(await o.db.keys.getOrCreate(SESSION_KEY_NAME, () => randomBytes(32).toString('base64')), 'base64');
  const sessions = createConsoleSessions({ key, admin: o.adminKey, clock: o.clock });
  const sandboxCsrf = randomBytes(24).toString('base64url');
  const events = createConsoleEvents();
  const invocationLog = createInvocationLog({ clock: o.clock, ids: o.ids });
  invocationLog.subscribe((i) => events.publish({ type: 'invocation', data: i }));
  events.watchRecords(o.db.changes);
  const logger = o.logger.child('console');
  return {
    mode,
    events,
    invocationLog,
    handler: (s) =>
      createConsoleHandler({
        basePath: CONSOLE_PATH,
        mode,
        sessions,
        sandboxCsrf,
        secureCookie: s.urls.base.startsWith('https://'),
        staticDir: consoleStaticDir(),
        logger,
        routes: routesFor(s, { db: o.db, mode, events, log: invocationLog, clock: o.clock }),
      }),
  };
}

function routesFor(
  s: ConsoleServices,
  c: { db: Database; mode: 'sandbox' | 'production'; events: ConsoleEvents; log: InvocationLog; clock: Clock },
): ConsoleRoute[] {
  const { db } = c;
  return [
    ...overviewRoutes({
      ir: () => s.ir,
      engine: db.engine,
      mode: c.mode,
      urls: s.urls,
      outputs: () => readFile(s.outputsFile, 'utf8').catch(() => undefined),
      example: tryItOf(s.ir.projectRoot),
    }),
    ...userRoutes({ auth: s.auth, signIns: (sub) => db.signIns.recent(sub, SIGN_INS_KEPT) }),
    ...mailRoutes(db.mail),
    ...recordRoutes({ data: s.data, ir: s.ir.data }),
    ...explorerRoutes({
      data: s.data,
      ir: s.ir,
      auth: s.auth,
      clock: c.clock,
      identityOf: async (sub) => (await db.identities.bySub(sub))?.identityId,
    }),
    ...invocationRoutes({ log: c.log, store: db.invocations, retry: (id) => retry(db, s.invocations, c.clock, id) }),
    ...storageRoutes(s.storage),
    ...eventRoutes(c.events),
  ];
}

/** `hearth triggers retry`'s path: the row is due again now, and the queue runs what is due. */
async function retry(db: Database, queue: Pick<InvocationQueue, 'kick'>, clock: Clock, id: string): Promise<boolean> {
  if (!(await db.invocations.requeue(id, clock.now()))) return false;
  await queue.kick();
  return true;
}

/**
 * The example app opens the console on its "try it" page (`npm run example`): its package.json says
 * `"hearth": { "tryIt": true }`.
 */
function tryItOf(projectRoot: string): { tryIt: boolean } | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { hearth?: { tryIt?: unknown } };
    return pkg.hearth?.tryIt === true ? { tryIt: true } : undefined;
  } catch {
    return undefined;
  }
}

/** `dist/console/` next to the compiled server (dist/server/ → dist/console/), from source too */
function consoleStaticDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const built = join(here, '..', 'console');
  if (existsSync(built)) return built;
  return join(here, '..', '..', 'dist', 'console');
}
