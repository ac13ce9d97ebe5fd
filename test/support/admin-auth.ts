/** An auth service with an admin key, served over HTTP, and SDK clients for admin and public calls. */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { type AuthDeps, createAuthService } from '../../src/auth/index.js';
import { createIdentityTables, createSqlIdentityStore } from '../../src/db/sql/identity-store.js';
import { createKeyTables, createSqlKeyStore } from '../../src/db/sql/key-store.js';
import { createSqlUserStore, createUserTables } from '../../src/db/sql/user-store.js';
import { connectSqlite } from '../../src/db/sqlite/connect.js';
import { sqliteDialect } from '../../src/db/sqlite/dialect.js';
import type { AuthIR } from '../../src/ir/types.js';
import { randomIds } from '../../src/util/ids.js';
import { silentLogger } from '../../src/util/logger.js';
import { authIR, ClockFake, RecordingFunctions, RecordingMailer } from './auth-fakes.js';
import { type AuthHttpServer, startAuthHttpServer } from './auth-http-server.js';

export const ADMIN_KEY = { accessKeyId: 'HEARTHADMINTEST', secretAccessKey: 'admin-secret-for-tests' };

export interface AdminAuth {
  ir: AuthIR;
  auth: Awaited<ReturnType<typeof createAuthService>>;
  mailer: RecordingMailer;
  functions: RecordingFunctions;
  server: AuthHttpServer;
  admin: CognitoIdentityProviderClient;
  /** unsigned-capable client for the public operations */
  client(credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): CognitoIdentityProviderClient;
  close(): Promise<void>;
}

export async function startAdminAuth(o: { ir?: Partial<AuthIR>; deps?: Partial<AuthDeps> } = {}): Promise<AdminAuth> {
  const db = connectSqlite(':memory:');
  await createKeyTables(db);
  await createUserTables(db, sqliteDialect);
  await createIdentityTables(db, sqliteDialect);
  const ir = authIR(o.ir);
  const mailer = new RecordingMailer();
  const functions = new RecordingFunctions();
  const auth = await createAuthService({
    ir,
    users: createSqlUserStore(db, sqliteDialect),
    identities: createSqlIdentityStore(db, sqliteDialect),
    keys: createSqlKeyStore(db),
    // SigV4 allows five minutes of skew: the server clock must be the real time
    clock: new ClockFake(Date.now()),
    ids: randomIds,
    mailer,
    functions,
    issuerBaseUrl: 'http://127.0.0.1:4000',
    region: 'us-east-1',
    logger: silentLogger,
    adminCredentials: ADMIN_KEY,
    triggerTimeoutMs: 2000,
    ...o.deps,
  });
  const server = await startAuthHttpServer(auth);
  const clients: CognitoIdentityProviderClient[] = [];
  const client = (credentials = { accessKeyId: 'unused', secretAccessKey: 'unused' }) => {
    const c = new CognitoIdentityProviderClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    clients.push(c);
    return c;
  };
  return {
    ir,
    auth,
    mailer,
    functions,
    server,
    admin: client(ADMIN_KEY),
    client,
    async close() {
      for (const c of clients) c.destroy();
      await server.close();
      await db.destroy();
    },
  };
}
