import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialIssuer } from '../auth/credentials.js';
import { CONFIRM_USER_PATH, createAuthService } from '../auth/index.js';
import { createRateLimiter, type RateLimitConfig, type RateLimiter } from '../auth/rate-limits.js';
import { rateLimitsFromEnv } from '../auth/rate-limits-env.js';
import { createSharedRateCounters } from '../auth/rate-limits-shared.js';
import { SIGNING_KEY_NAME, startMakingSigningKey } from '../auth/tokens.js';
import type { CredentialIssuer } from '../auth/types.js';
import { publishUserPool, referencedTokenVerifier, resolveReferencedAuth } from '../auth/user-pool-directory.js';
import { buildModelIntrospection, buildOutputs, writeFunctionEnvTypes, writeOutputs } from '../codegen/index.js';
import { createDataService } from '../data/index.js';
import { type Database, openDatabase } from '../db/index.js';
import {
  createFunctionService,
  createInvocationQueue,
  createScheduleRunner,
  createStreamRunner,
  type FunctionInvoker,
  type InvocationQueue,
  invocationSource,
  isAsyncHandlerEvent,
  recordingFailures,
} from '../functions/index.js';
import { compileBackend } from '../ir/compile.js';
import type { BackendIR } from '../ir/types.js';
import { findBackendEntry } from '../project/backend-entry.js';
import { stateDir } from '../project/hearth-paths.js';
import { loadBackend } from '../project/load-backend.js';
import { appSyncErrorResponse, createAppSyncHandler, createRealtimeServer, type RealtimeServer } from '../protocols/appsync/index.js';
import { lambdaAuthorizerFor } from '../protocols/appsync/lambda-authorizer.js';
import { oidcAuthFor } from '../protocols/appsync/oidc-auth.js';
import { cognitoErrorResponse, createCognitoIdpHandler, createConfirmUserLinkHandler } from '../protocols/cognito/index.js';
import { createIdentityPoolHandler } from '../protocols/identity/index.js';
import { type Clock, systemClock } from '../util/clock.js';
import { HearthError } from '../util/errors.js';
import { type Ids, randomIds } from '../util/ids.js';
import type { Logger } from '../util/logger.js';
import { loadAdminCredentials } from './admin-credentials.js';
import { loadBackendKeys } from './backend-keys.js';
import { type ConsoleWiring, createConsoleWiring } from './console-wiring.js';
import { COGNITO_PATH, createApp, DATA_PATH } from './create-app.js';
import { type HearthServer, startHttpServer } from './http-server.js';
import { createBackendMailer, type HearthMail } from './mail-wiring.js';
import type { HearthMetrics, MetricsAccess } from './metrics.js';
import { oauthRoute } from './oauth-wiring.js';
import { pingDatabase } from './readiness.js';
import { createStorageWiring, S3_PATH, type StorageWiring, storageRoute } from './storage-wiring.js';

export interface BackendOptions {
  projectRoot: string;
  host: string;
  port: number;
  /** postgres://… ; without it, SQLite under .amplify/hearth/ */
  databaseUrl?: string;
  /** where amplify_outputs.json goes (default: projectRoot) */
  outputsDir?: string;
  /** the URL clients reach the backend at, e.g. a load balancer's (default: HEARTH_PUBLIC_URL; unset: the listen address) */
  publicUrl?: string;
  /** serve the dev mailbox (sandbox) */
  mailbox: boolean;
  /** SQLite's commit durability: FULL (default) survives a power cut, NORMAL a process crash (the sandbox) */
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  /** where object bytes live: an S3-compatible bucket URL (default: HEARTH_STORAGE_URL; unset: .amplify/hearth/storage) */
  blobStoreUrl?: string;
  /** where object bytes live without a blob store URL (default: HEARTH_STORAGE_DIR, else .amplify/hearth/storage) */
  blobDirectory?: string;
  logger: Logger;
  clock?: Clock;
  ids?: Ids;
  /** the durable trigger queue: waits before Lambda's two async retries (default 1 min, 2 min), poll period */
  triggers?: { retryDelaysMs?: number[]; pollMs?: number };
  /** Prometheus metrics, served at /_hearth/metrics as `access` says (operability, issue 9) */
  metrics?: { registry: HearthMetrics; access: MetricsAccess };
  /** limits on sign-up, sign-in and code sending (default: HEARTH_RATE_* env vars, else Cognito's quotas) */
  rateLimits?: RateLimitConfig;
  /** serve the dev console under /_hearth/console (default: in the sandbox only; production: behind the admin key) */
  console?: boolean;
}

export interface Urls {
  base: string;
  data: string;
  cognito: string;
  mailbox: string;
  /** the S3 endpoint (path-style `<storage>/<bucket>/<key>`) */
  storage: string;
}

export interface RunningBackend {
  urls: Urls;
  ir: () => BackendIR;
  db: Database;
  /** loads amplify/ again and swaps services; on error the previous backend keeps serving */
  reload(): Promise<{ warnings: string[] }>;
  /** stops accepting and lets requests in flight finish within `timeoutMs` (see HearthServer.drain) */
  drain(timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

/** Loads the app, opens db, starts the listener and every service, writes outputs. */
export async function startBackend(o: BackendOptions): Promise<RunningBackend & { warnings: string[] }> {
  const clock = o.clock ?? systemClock;
  const ids = o.ids ?? randomIds;
  const rateLimits = o.rateLimits ?? rateLimitsFromEnv(process.env);
  const { first, db } = await loadWhileOpening(o);
  // on PostgreSQL every instance counts against one quota (auth/rate-limits-shared.ts)
  const sharedLimits =
    db.engine === 'postgres'
      ? createSharedRateCounters({ store: db.rateCounters, clock, logger: o.logger.child('rate-limits') })
      : undefined;
  const rateLimiter = createRateLimiter(rateLimits, clock, sharedLimits?.buckets);
  let http: HearthServer | undefined;
  try {
    await db.migrate(first.ir.data?.models ?? [], { enums: first.ir.data?.enums });
    http = await startHttpServer({
      host: o.host,
      port: o.port,
      app: createApp({ appsyncError: appSyncErrorResponse, cognitoError: cognitoErrorResponse }),
      logger: o.logger,
      // the Amplify client opens realtime as wss:// even for an http endpoint: answer TLS too
      tlsCertDir: join(stateDir(o.projectRoot), 'tls'),
      metrics: o.metrics?.registry,
      metricsAccess: o.metrics?.access,
      loopbackHostsOnly: o.mailbox,
    });
  } catch (e) {
    await db.close();
    throw e;
  }
  // behind a load balancer every instance must name one token issuer and one set of endpoints
  const base = publicBaseUrl(o) ?? `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${http.port}`;
  const urls: Urls = {
    base,
    data: `${base}${DATA_PATH}`,
    cognito: `${base}${COGNITO_PATH}`,
    mailbox: `${base}/_hearth/mailbox`,
    storage: `${base}${S3_PATH}`,
  };
  // realtime subscriptions share the listener; services are swapped into it like the app
  const realtime = createRealtimeServer();
  http.setUpgrade((req, socket, head) => realtime.handleUpgrade(req, socket, head));
  o.metrics?.registry.setOpenSubscriptions(() => realtime.openSubscriptions());
  // mail, the admin key and the console's feed outlive reloads (the SMTP sender runs a timer)
  const adminKey = await loadAdminCredentials({ projectRoot: o.projectRoot, sandbox: o.mailbox });
  const consoleWiring = await createConsoleWiring({
    enabled: o.console ?? o.mailbox,
    sandbox: o.mailbox,
    db,
    adminKey,
    clock,
    ids,
    logger: o.logger,
  });
  const mailStore = consoleWiring?.events.watchMail(db.mail) ?? db.mail;
  const mail = await createBackendMailer({ store: mailStore, clock, ids, logger: o.logger.child('mail'), sandbox: o.mailbox });
  const storage = createStorageWiring({
    projectRoot: o.projectRoot,
    url: o.blobStoreUrl ?? process.env.HEARTH_STORAGE_URL,
    directory: o.blobDirectory ?? process.env.HEARTH_STORAGE_DIR,
    db,
    clock,
    logger: o.logger,
  });
  // failed and asynchronous invocations are kept in the database (functions/invocation-queue.ts)
  const invoker: FunctionInvoker = { invoke: (name, event) => functions.invoke(name, event) };
  const invocations = createInvocationQueue({
    store: db.invocations,
    functions: invoker,
    clock,
    ids,
    logger: o.logger.child('triggers'),
    ...o.triggers,
  });
  const ctx: Ctx = {
    o,
    clock,
    ids,
    db,
    urls,
    http,
    realtime,
    realtimeSchema: { key: undefined },
    mail,
    adminKey,
    storage,
    rateLimiter,
    invocations,
    console: consoleWiring,
  };
  const functions = createFunctionService({
    ir: first.ir,
    credentials: lazyCredentials(() => current.credentials),
    dataUrl: urls.data,
    region: first.ir.region,
    logger: consoleWiring?.invocationLog.teeLogger(o.logger) ?? o.logger,
  });
  // metrics.js (prom-client) loads only with metrics on: a start without them does not pay for it
  if (o.metrics) (await import('./metrics.js')).countInvocations(functions, o.metrics.registry);
  consoleWiring?.invocationLog.watch(functions);
  let current = await wireServices(ctx, first.ir, functions);
  invocations.start();
  sharedLimits?.start();
  // defineFunction `schedule`: every instance ticks, one takes each firing (db scheduleClaims)
  const schedules = createScheduleRunner({
    functions: () => current.ir.functions,
    claims: db.scheduleClaims,
    dispatch: (name, source, event) => invocations.dispatch(name, source, event),
    region: first.ir.region,
    clock,
    ids,
    logger: o.logger.child('schedules'),
  });
  schedules.start();
  // DynamoDB stream → function mappings: a write to a streamed model wakes the runner at once
  const streams = createStreamRunner({
    mappings: () => current.ir.streams ?? [],
    store: db.streams,
    functions: invoker,
    timeoutMs: (name) => (current.ir.functions.find((f) => f.name === name)?.timeoutSeconds ?? 900) * 1000,
    region: first.ir.region,
    clock,
    ids,
    logger: o.logger.child('streams'),
  });
  const unwatchStreams = db.changes.subscribe((c) => {
    if (current.ir.streams?.some((m) => m.model === c.model)) void streams.kick();
  });
  await streams.start();
  http.setReadiness(() => pingDatabase(db));
  return {
    urls,
    db,
    warnings: first.warnings,
    ir: () => current.ir,
    async reload() {
      const next = compileBackend(await loadBackend(o.projectRoot), o.projectRoot);
      await db.migrate(next.ir.data?.models ?? [], { enums: next.ir.data?.enums });
      current = await wireServices(ctx, next.ir, functions);
      await functions.reload(next.ir);
      return { warnings: next.warnings };
    },
    drain: (ms) => http.drain(ms),
    async close() {
      await realtime.close();
      await http.close();
      await schedules.stop();
      unwatchStreams();
      await streams.stop();
      await invocations.stop();
      await sharedLimits?.stop();
      await functions.close();
      await storage.close();
      await mail.close();
      await db.close();
    },
  };
}

type Ctx = {
  o: BackendOptions;
  clock: Clock;
  ids: Ids;
  db: Database;
  urls: Urls;
  http: HearthServer;
  realtime: RealtimeServer;
  /** the data IR the open realtime connections were started under (see restartRealtime) */
  realtimeSchema: { key: string | undefined };
  mail: HearthMail;
  /** may call the user pool's admin operations (admin-credentials.ts) */
  adminKey?: Awaited<ReturnType<typeof loadAdminCredentials>>;
  /** the blob store outlives reloads */
  storage: StorageWiring;
  invocations: InvocationQueue;
  /** its buckets outlive reloads */
  rateLimiter: RateLimiter;
  /** the dev console (undefined when off) */
  console?: ConsoleWiring;
};

/** Builds the services for one IR over the shared db, and swaps them into the listener. */
async function wireServices(ctx: Ctx, ir: BackendIR, functions: ReturnType<typeof createFunctionService>) {
  const { o, clock, ids, db, urls } = ctx;
  // referenceAuth: the pool another backend on this database published (auth/user-pool-directory.ts)
  if (ir.auth?.reference) ir = { ...ir, auth: await resolveReferencedAuth(db.keys, ir.auth) };
  const keys = await loadBackendKeys(db.keys, clock, ir.data?.apiKey?.expiresInDays);
  const mailer = ctx.mail.mailer;
  const authStarting =
    ir.auth && !ir.auth.reference
      ? createAuthService({
          ir: ir.auth,
          users: ctx.console?.events.watchUsers(db.users) ?? db.users,
          signIns: db.signIns,
          identities: db.identities,
          webauthn: db.webauthn,
          keys: db.keys,
          oauthCodes: db.oauthCodes,
          clock,
          ids,
          mailer,
          adminCredentials: ctx.adminKey,
          // auth records its failed triggers itself, with what Cognito answered (auth/invoke-trigger.ts)
          functions,
          invocations: ctx.invocations,
          issuerBaseUrl: urls.base,
          region: ir.region,
          logger: o.logger.child('auth'),
        })
      : undefined;
  // a fresh app's signing key is generated on the thread pool meanwhile: let it start, then build
  // the model introspection (synchronous, and slow the first time) before waiting for auth
  await new Promise((resolve) => setImmediate(resolve));
  const modelIntrospection = ir.data ? buildModelIntrospection(ir.data, { cacheDir: join(stateDir(ir.projectRoot), 'cache') }) : undefined;
  const auth = await authStarting;
  if (auth && ir.auth) await publishUserPool(db.keys, { ir: ir.auth, issuer: auth.issuer, cognitoUrl: urls.cognito });
  const referenced = ir.auth?.reference
    ? await referencedTokenVerifier({ keys: db.keys, users: db.users, clock, auth: ir.auth })
    : undefined;
  const credentials = auth?.credentials ?? createCredentialIssuer(keys.credentialKey, clock);
  const data = ir.data
    ? createDataService({
        ir: ir.data,
        records: db.records,
        changes: db.changes,
        clock,
        ids,
        cursorKey: keys.cursorKey,
        functions: dataFunctions(ir, functions, ctx.invocations),
      })
    : undefined;
  // AWS_LAMBDA mode: the authorizer function runs in the function service like any other
  const lambda = lambdaAuthorizerFor(ir.data, { functions, clock });
  // OPENID_CONNECT mode: tokens of the configured issuer, verified against its published keys
  const oidc = oidcAuthFor(ir.data, { clock, logger: o.logger.child('data') });
  const appsync =
    data && ir.data
      ? createAppSyncHandler({
          data,
          tokens: auth?.tokens ?? referenced ?? noTokens,
          credentials,
          apiKey: keys.apiKey,
          authModes: ir.data.authModes,
          region: ir.region,
          clock,
          lambda,
          oidc,
        })
      : undefined;
  const tokens = auth?.tokens ?? referenced ?? noTokens;
  const realtimeDeps = data && {
    data,
    tokens,
    credentials,
    apiKey: keys.apiKey,
    authModes: ir.data?.authModes ?? [],
    region: ir.region,
    clock,
    lambda,
    oidc,
  };
  restartRealtime(ctx, ir, realtimeDeps);
  const s3 = await storageRoute({
    ir,
    wiring: ctx.storage,
    db,
    credentials,
    adminKey: ctx.adminKey,
    functions,
    invocations: ctx.invocations,
    clock,
    ids,
    tokenKey: keys.cursorKey,
    logger: o.logger,
  });
  ctx.http.setRaw(s3.route);
  ctx.http.setApp(
    createApp({
      appsync,
      appsyncError: appSyncErrorResponse,
      cognitoIdp: auth && createCognitoIdpHandler(auth, { rateLimiter: ctx.rateLimiter }),
      identityPool: auth && createIdentityPoolHandler(auth),
      cognitoError: cognitoErrorResponse,
      jwks: auth && { path: `${new URL(auth.issuer).pathname}/.well-known/jwks.json`, body: () => auth.jwks() },
      confirmUser: auth && { path: CONFIRM_USER_PATH, handler: createConfirmUserLinkHandler(auth) },
      mailbox: o.mailbox ? db.mail : undefined,
      oauth: oauthRoute(auth, { ir: ir.auth, baseUrl: urls.base, sandbox: o.mailbox, keys: db.keys, clock, rateLimiter: ctx.rateLimiter }),
      console: ctx.console?.handler({
        ir,
        auth,
        data,
        storage: s3.storage,
        invocations: ctx.invocations,
        urls,
        outputsFile: join(o.outputsDir ?? o.projectRoot, 'amplify_outputs.json'),
      }),
    }),
  );
  await writeGenerated(ctx, ir, { apiKey: keys.apiKey?.value, modelIntrospection });
  return { ir, credentials };
}

/**
 * Hands the realtime endpoint the new services. When the data schema or its rules changed, open
 * connections are closed so clients reconnect and re-subscribe under the new ones (the Amplify
 * client does so about 5 s later); a reload that leaves data alone keeps subscriptions running.
 */
function restartRealtime(ctx: Ctx, ir: BackendIR, deps: Parameters<RealtimeServer['setDeps']>[0]): void {
  const key = JSON.stringify(ir.data ?? null);
  const restart = ctx.realtimeSchema.key !== undefined && ctx.realtimeSchema.key !== key;
  ctx.realtimeSchema.key = key;
  ctx.realtime.setDeps(deps, { restart });
}

async function writeGenerated(ctx: Ctx, ir: BackendIR, g: { apiKey?: string; modelIntrospection?: object }): Promise<void> {
  const { apiKey, modelIntrospection } = g;
  const outputs = buildOutputs(ir, {
    baseUrl: ctx.urls.base,
    dataUrl: ctx.urls.data,
    cognitoUrl: ir.auth?.reference?.cognitoUrl ?? ctx.urls.cognito,
    mailboxUrl: ctx.o.mailbox ? ctx.urls.mailbox : undefined,
    storageUrl: ctx.urls.storage,
    apiKey,
    modelIntrospection,
  });
  await writeOutputs(ctx.o.outputsDir ?? ctx.o.projectRoot, outputs);
  for (const fn of ir.functions) await writeFunctionEnvTypes(ir.projectRoot, fn, ir.data);
}

/**
 * Custom queries and mutations run their handlers through the function service; a failure is recorded.
 * `.async()` handlers go through the durable queue (retried, then kept), which also logs their failures.
 */
function dataFunctions(ir: BackendIR, functions: FunctionInvoker, queue: InvocationQueue) {
  const recorded = recordingFailures(functions, queue);
  return {
    invoke: (name: string, event: unknown) =>
      isAsyncHandlerEvent(ir.data, name, event)
        ? queue.dispatch(name, invocationSource(event).replace(/^appsync:/, 'appsync:async:'), event)
        : recorded.invoke(name, event),
    region: ir.region,
    identityPoolId: ir.auth?.identityPoolId,
    userPoolId: ir.auth?.userPoolId,
  };
}

const noTokens = {
  verifyAccessToken: async (): Promise<never> => {
    throw new HearthError('NotAuthorized', 'This backend defines no auth; user pool tokens are not accepted.');
  },
};

/** Functions start before auth exists (auth triggers need functions); credentials are looked up on use. */
function lazyCredentials(get: () => CredentialIssuer): CredentialIssuer {
  return { issue: (p, ttl) => get().issue(p, ttl), resolve: (a, t) => get().resolve(a, t) };
}

/**
 * Loads amplify/ and opens the database at the same time: esbuild bundles backend.ts in its own
 * process while SQLite opens (PostgreSQL connects) here. The entry is looked up first, so a
 * folder without amplify/ gets its one-line error and no database file. On a fresh app with auth
 * (SQLite: no file yet; PostgreSQL: no signing key stored), the signing key starts being made as
 * soon as the app is known to have auth.
 */
async function loadWhileOpening(o: BackendOptions): Promise<{ first: ReturnType<typeof compileBackend>; db: Database }> {
  findBackendEntry(o.projectRoot);
  const sqliteFile = join(stateDir(o.projectRoot), 'data.sqlite');
  const fresh = !o.databaseUrl && !existsSync(sqliteFile);
  const loading = loadBackend(o.projectRoot);
  const opening = openDatabase({
    databaseUrl: o.databaseUrl,
    sqliteFile,
    sqliteSynchronous: o.sqliteSynchronous,
    logger: o.logger.child('data'),
  });
  // whichever fails first, the other is still awaited below: no unhandled rejection meanwhile
  loading.catch(() => {});
  opening.catch(() => {});
  try {
    const first = compileBackend(await loading, o.projectRoot);
    // a fresh app's signing key is made on the thread pool while its database migrates and the listener starts
    if (fresh && first.ir.auth) startMakingSigningKey();
    const db = await opening;
    // with a database URL (PostgreSQL) only the database can tell a first start: one read, failing before the first migration
    if (o.databaseUrl && first.ir.auth && !(await db.keys.get(SIGNING_KEY_NAME).catch(() => undefined))) startMakingSigningKey();
    return { first, db };
  } catch (e) {
    await opening.then((db) => db.close()).catch(() => {});
    throw e;
  }
}

/** The public URL without a trailing slash: the token issuer and the endpoints in amplify_outputs.json derive from it. */
function publicBaseUrl(o: BackendOptions): string | undefined {
  const url = o.publicUrl ?? process.env.HEARTH_PUBLIC_URL;
  return url ? url.replace(/\/+$/, '') : undefined;
}
