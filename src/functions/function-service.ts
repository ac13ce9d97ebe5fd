import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CredentialIssuer } from '../auth/types.js';
import { buildModelIntrospection } from '../codegen/model-introspection.js';
import type { BackendIR, FunctionIR } from '../ir/types.js';
import { type Clock, systemClock } from '../util/clock.js';
import { HearthError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { bundleFunction, functionBundleDir, isBundleStale } from './bundle.js';
import { createFunctionPool, type FunctionPool } from './function-pool.js';
import { spawnFunctionWorker } from './function-worker.js';
import { buildLambdaEnv } from './lambda-env.js';
import type { FunctionInvoker } from './types.js';
import { resolveWorkerPath } from './worker-path.js';

export interface FunctionServiceDeps {
  ir: BackendIR;
  credentials: CredentialIssuer;
  /** the GraphQL endpoint given to functions with data access */
  dataUrl?: string;
  region: string;
  logger: Logger;
  /** the worker entry to fork; default: Hearth's own (compiled on the fly when run from source) */
  workerPath?: string;
  /** workers per function (Lambda's concurrency); default 1: invocations queue in order */
  maxConcurrency?: number;
  /** the limit on a worker's init (loading the handler module); default Lambda's 10 s */
  initTimeoutSeconds?: number;
  clock?: Clock;
}

export interface FunctionService extends FunctionInvoker {
  /** rebundles changed functions (IR or source files) and restarts their workers */
  reload(ir: BackendIR): Promise<void>;
  /** lets running invocations finish, then stops every worker */
  close(): Promise<void>;
}

/** Lambda's credentials live up to 12 h; the pool recycles a worker 15 min before expiry. */
const CREDENTIAL_TTL_SECONDS = 12 * 3600;

/**
 * Runs each function of the backend in its own warm Node process, as Lambda would. Bundling
 * starts in the background at once; workers start on the first invocation.
 */
export function createFunctionService(deps: FunctionServiceDeps): FunctionService {
  const state = { ir: deps.ir, introspection: undefined as Promise<void> | undefined };
  const pools = new Map<string, FunctionPool>();
  const ctx: PoolContext = {
    deps,
    projectRoot: () => state.ir.projectRoot,
    // written once per data schema, on the first invocation of a function with data access
    writeIntrospection: () =>
      (state.introspection ??= writeIntrospectionFile(state.ir).catch((e: unknown) => {
        state.introspection = undefined;
        throw e;
      })),
  };
  for (const fn of state.ir.functions) pools.set(fn.name, startPool(fn, ctx));
  return {
    invoke(name, event) {
      const pool = pools.get(name);
      if (!pool) throw new HearthError('ResourceNotFound', `Function not found: ${name}`);
      return pool.invoke(event);
    },
    async reload(next) {
      const dataChanged = next.data?.inputSdl !== state.ir.data?.inputSdl;
      state.ir = next;
      if (dataChanged) state.introspection = undefined;
      const retired: FunctionPool[] = [];
      for (const [name, pool] of pools) {
        const fn = next.functions.find((f) => f.name === name);
        if (fn && !(await needsRestart(pool, fn, dataChanged))) continue;
        pools.delete(name);
        retired.push(pool);
      }
      for (const fn of next.functions) if (!pools.has(fn.name)) pools.set(fn.name, startPool(fn, ctx));
      await Promise.all(retired.map((p) => p.close()));
    },
    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((p) => p.close()));
    },
  };
}

interface PoolContext {
  deps: FunctionServiceDeps;
  projectRoot: () => string;
  writeIntrospection: () => Promise<void>;
}

function startPool(fn: FunctionIR, ctx: PoolContext): FunctionPool {
  const { deps } = ctx;
  const logger = deps.logger.child(fn.name);
  const root = ctx.projectRoot();
  let workerPath = deps.workerPath ?? '';
  const pool = createFunctionPool({
    fn,
    logger,
    maxConcurrency: deps.maxConcurrency ?? 1,
    clock: deps.clock ?? systemClock,
    bundle: async () => {
      workerPath = deps.workerPath ?? (await resolveWorkerPath(root));
      return bundleFunction(fn, root);
    },
    beforeInvoke: fn.dataAccess ? ctx.writeIntrospection : undefined,
    spawn: (bundle) => {
      const credentials = deps.credentials.issue({ kind: 'function', functionName: fn.name }, CREDENTIAL_TTL_SECONDS);
      const taskRoot = functionBundleDir(root, fn.name);
      const introspectionFile = introspectionPath(root);
      const env = buildLambdaEnv({ fn, region: deps.region, credentials, taskRoot, dataUrl: deps.dataUrl, introspectionFile });
      const options = {
        workerPath,
        bundlePath: bundle.outfile,
        cwd: taskRoot,
        env,
        memoryMB: fn.memoryMB,
        timeoutSeconds: fn.timeoutSeconds,
        initTimeoutSeconds: deps.initTimeoutSeconds,
        logger,
      };
      return { worker: spawnFunctionWorker(options), expiresAt: credentials.expiration };
    },
  });
  void pool.prepare();
  return pool;
}

function introspectionPath(projectRoot: string): string {
  return join(projectRoot, '.amplify', 'hearth', 'model-introspection.json');
}

async function writeIntrospectionFile(ir: BackendIR): Promise<void> {
  if (!ir.data) return;
  const file = introspectionPath(ir.projectRoot);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(buildModelIntrospection(ir.data, { cacheDir: join(dirname(file), 'cache') })));
}

async function needsRestart(pool: FunctionPool, fn: FunctionIR, dataChanged: boolean): Promise<boolean> {
  if (JSON.stringify(pool.fn) !== JSON.stringify(fn)) return true;
  if (fn.dataAccess && dataChanged) return true;
  const bundle = await pool.bundled();
  return bundle ? isBundleStale(bundle) : true;
}
