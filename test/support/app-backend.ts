/**
 * Starts Hearth in process on an app folder (SQLite, or a throwaway PostgreSQL schema) and
 * configures the test's aws-amplify from the outputs it writes.
 */
import { configureAmplify } from '../../src/client/index.js';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { databaseFor } from './pg-schema.js';

export interface AppBackend {
  backend: RunningBackend;
  /** closes the backend and drops the PostgreSQL schema */
  stop(): Promise<void>;
}

export async function startAppBackend(dir: string, o: { engine: 'sqlite' | 'postgres'; mailbox?: boolean }): Promise<AppBackend> {
  const db = await databaseFor(o.engine);
  const backend = await startBackend({
    projectRoot: dir,
    host: '127.0.0.1',
    port: 0,
    mailbox: o.mailbox ?? false,
    logger: silentLogger,
    databaseUrl: db.url,
  });
  const outputs = (await import(`${dir}/amplify_outputs.json`, { with: { type: 'json' } })).default;
  configureAmplify(outputs);
  return {
    backend,
    async stop() {
      await backend.close();
      await db.drop();
    },
  };
}
