/** Fakes and builders for auth tests: a settable clock, recording mailer and function invoker, an AuthIR, a whole service over SQLite :memory:. */
import type { Kysely } from 'kysely';
import { type AuthService, createAuthService } from '../../src/auth/index.js';
import type { AuthResult, PasswordVerifierInput } from '../../src/auth/service-types.js';
import { formatSrpTimestamp } from '../../src/auth/srp-timestamp.js';
import type { IdentityStore, SignInHistoryStore, UserStore } from '../../src/db/ports.js';
import type { SqlDialect } from '../../src/db/sql/dialect.js';
import { createIdentityTables, createSqlIdentityStore } from '../../src/db/sql/identity-store.js';
import { createKeyTables, createSqlKeyStore } from '../../src/db/sql/key-store.js';
import { createSignInHistoryTables, createSqlSignInHistory } from '../../src/db/sql/sign-in-history.js';
import { createSqlUserStore, createUserTables } from '../../src/db/sql/user-store.js';
import { connectSqlite } from '../../src/db/sqlite/connect.js';
import { sqliteDialect } from '../../src/db/sqlite/dialect.js';
import type { FunctionInvoker, InvokeResult } from '../../src/functions/types.js';
import type { AuthIR } from '../../src/ir/types.js';
import type { Mailer, OutgoingMail, PreparedMail } from '../../src/mail/types.js';
import type { Clock } from '../../src/util/clock.js';
import { randomIds } from '../../src/util/ids.js';
import { type Logger, silentLogger } from '../../src/util/logger.js';
import { clientSignature, clientStart } from './srp-client.js';

export class ClockFake implements Clock {
  constructor(public ms: number = Date.UTC(2025, 0, 15, 12, 0, 0)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail): Promise<void> {
    this.sent.push(mail);
  }
  /** keeps no row: the message counts as sent once the caller's write committed */
  prepare(mail: OutgoingMail): PreparedMail {
    return { committed: () => void this.sent.push(mail) };
  }
  /** the 6-digit code of the newest mail to `to` */
  lastCode(to: string): string {
    const mail = this.sent.filter((m) => m.to === to.toLowerCase()).at(-1);
    const code = mail?.text.match(/\b(\d{6})\b/)?.[1];
    if (!code) throw new Error(`no code mailed to ${to}`);
    return code;
  }
}

export class RecordingFunctions implements FunctionInvoker {
  readonly calls: { name: string; event: any }[] = [];
  /** default: the handler returns the event unchanged, like a well-behaved trigger */
  behaviour: (name: string, event: any) => Promise<InvokeResult> = async (_n, event) => ({ ok: true, result: event });
  invoke(name: string, event: unknown): Promise<InvokeResult> {
    this.calls.push({ name, event });
    return this.behaviour(name, event);
  }
}

export function authIR(overrides: Partial<AuthIR> = {}): AuthIR {
  return {
    userPoolId: 'us-east-1_hearth',
    userPoolClientId: 'hearthclient123',
    identityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000001',
    loginWith: { email: true, phone: false },
    requiredAttributes: ['email'],
    groups: [],
    triggers: {},
    passwordPolicy: { minLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
    allowUnauthenticatedIdentities: true,
    ...overrides,
  };
}

export interface TestAuth {
  auth: AuthService;
  ir: AuthIR;
  users: UserStore;
  identities: IdentityStore;
  /** with `history: true` */
  signIns?: SignInHistoryStore;
  clock: ClockFake;
  mailer: RecordingMailer;
  functions: RecordingFunctions;
  db: Kysely<any>;
}

/** `store`: another database (e.g. a PostgreSQL schema from STORE_ENGINES); default SQLite :memory:. */
export async function createTestAuth(
  o: {
    ir?: Partial<AuthIR>;
    clock?: ClockFake;
    triggerTimeoutMs?: number;
    logger?: Logger;
    store?: { db: Kysely<any>; dialect: SqlDialect };
    /** e.g. one that keeps its messages in the mail table */
    mailer?: RecordingMailer;
    /** keep each user's sign-in history (hearth_sign_ins), as the server does */
    history?: boolean;
  } = {},
): Promise<TestAuth> {
  const { db, dialect } = o.store ?? { db: connectSqlite(':memory:'), dialect: sqliteDialect };
  await createKeyTables(db);
  await createUserTables(db, dialect);
  await createIdentityTables(db, dialect);
  const ir = authIR(o.ir);
  const users = createSqlUserStore(db, dialect);
  const identities = createSqlIdentityStore(db, dialect);
  if (o.history) await createSignInHistoryTables(db, dialect);
  const signIns = o.history ? createSqlSignInHistory(db, dialect) : undefined;
  const clock = o.clock ?? new ClockFake();
  const mailer = o.mailer ?? new RecordingMailer();
  const functions = new RecordingFunctions();
  const auth = await createAuthService({
    ir,
    users,
    identities,
    ...(signIns ? { signIns } : {}),
    keys: createSqlKeyStore(db),
    clock,
    ids: randomIds,
    mailer,
    functions,
    issuerBaseUrl: 'http://127.0.0.1:4000',
    region: 'us-east-1',
    logger: o.logger ?? silentLogger,
    ...(o.triggerTimeoutMs ? { triggerTimeoutMs: o.triggerTimeoutMs } : {}),
  });
  return { auth, ir, users, identities, ...(signIns ? { signIns } : {}), clock, mailer, functions, db };
}

/** SRP step 1 for `username`, then the step 2 answer a client with `password` sends (each call its own SECRET_BLOCK). */
export async function srpAnswer(t: TestAuth, username: string, password: string): Promise<PasswordVerifierInput> {
  const { a, srpA } = clientStart();
  const clientId = t.ir.userPoolClientId;
  const c = await t.auth.startSrpSignIn({ clientId, username, srpA });
  const timestamp = formatSrpTimestamp(t.clock.now());
  const common = { poolName: 'hearth', userIdForSrp: c.userIdForSrp, salt: c.salt, srpB: c.srpB, secretBlock: c.secretBlock, timestamp };
  const signature = clientSignature({ a, srpA, password, ...common });
  return { clientId, username: c.userIdForSrp, secretBlock: c.secretBlock, timestamp, signature };
}

/** Signs a user up and confirms them; returns their sub. */
export async function confirmedUser(t: TestAuth, email: string, password: string): Promise<string> {
  const { userSub } = await t.auth.signUp({ clientId: t.ir.userPoolClientId, username: email, password, attributes: { email } });
  await t.auth.confirmSignUp({ clientId: t.ir.userPoolClientId, username: email, code: t.mailer.lastCode(email) });
  return userSub;
}

/** jane@example.com, confirmed and signed in with her password (USER_PASSWORD_AUTH): the service, her sub and her tokens. */
export async function signedInJane(o: Parameters<typeof createTestAuth>[0] = {}): Promise<{ t: TestAuth; sub: string; r: AuthResult }> {
  const t = await createTestAuth(o);
  const sub = await confirmedUser(t, 'jane@example.com', 'Passw0rd!');
  const r = (await t.auth.signInWithPassword({
    clientId: t.ir.userPoolClientId,
    username: 'jane@example.com',
    password: 'Passw0rd!',
  })) as AuthResult;
  return { t, sub, r };
}
