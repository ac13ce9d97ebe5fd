/**
 * Storage ports: what the services need from a database. Two adapters implement them
 * (storage/sqlite, storage/postgres), both through Kysely; one contract suite tests both.
 */
import type { Kysely } from 'kysely';
import type { ModelIR } from '../ir/types.js';

// ---------------------------------------------------------------- auth

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';

export interface UserRecord {
  /** UUID; also the Cognito `userName` in Gen 2 (username attributes) */
  sub: string;
  /** lower-cased login alias (the email) */
  username: string;
  status: UserStatus;
  enabled: boolean;
  /** attribute name → value, e.g. { email, email_verified: 'true' } */
  attributes: Record<string, string>;
  /** SRP: hex salt and hex verifier v = g^x mod N */
  srpSalt: string;
  srpVerifier: string;
  /** scrypt hash for USER_PASSWORD_AUTH: `scrypt$<saltB64>$<hashB64>` */
  passwordHash: string;
  /** tokens issued before this instant (epoch seconds) are refused (GlobalSignOut) */
  tokensValidAfter: number;
  /** user-pool group names (the `cognito:groups` claim); absent or empty when none */
  groups?: string[];
  /** epoch milliseconds */
  createdAt: number;
  updatedAt: number;
}

export interface CodeRecord {
  sub: string;
  /** 'signup' | 'forgot_password' | 'verify:<attr>' */
  purpose: string;
  /** sha256 hex of the code */
  codeHash: string;
  expiresAt: number;
  attempts: number;
}

export interface RefreshTokenRecord {
  /** sha256 hex of the opaque token */
  tokenHash: string;
  sub: string;
  clientId: string;
  /** the jti that access/id tokens minted from it carry as `origin_jti` */
  originJti: string;
  expiresAt: number;
  revoked: boolean;
}

export interface UserStore {
  create(user: UserRecord): Promise<void>;
  bySub(sub: string): Promise<UserRecord | undefined>;
  byUsername(username: string): Promise<UserRecord | undefined>;
  update(sub: string, patch: Partial<Omit<UserRecord, 'sub'>>): Promise<void>;
  putCode(code: CodeRecord): Promise<void>;
  getCode(sub: string, purpose: string): Promise<CodeRecord | undefined>;
  bumpCodeAttempts(sub: string, purpose: string): Promise<void>;
  deleteCode(sub: string, purpose: string): Promise<void>;
  putRefreshToken(t: RefreshTokenRecord): Promise<void>;
  getRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  revokeRefreshToken(tokenHash: string): Promise<void>;
  isOriginRevoked(originJti: string): Promise<boolean>;
  revokeAllRefreshTokens(sub: string): Promise<void>;
}

export interface IdentityRecord {
  /** `<region>:<uuid>` */
  identityId: string;
  /** the user pool `sub` for an authenticated identity; undefined for a guest */
  sub?: string;
  createdAt: number;
}

export interface IdentityStore {
  create(r: IdentityRecord): Promise<void>;
  byId(identityId: string): Promise<IdentityRecord | undefined>;
  bySub(sub: string): Promise<IdentityRecord | undefined>;
  linkSub(identityId: string, sub: string): Promise<void>;
}

// ---------------------------------------------------------------- data

/** A record as the data layer sees it: field name → JSON value (dates as ISO strings). */
export type Row = Record<string, unknown>;

/** A GraphQL filter/condition input object (Model<T>FilterInput shape), already validated. */
export type FilterInput = Record<string, unknown>;

export interface ListQuery {
  filter?: FilterInput;
  /** extra predicate ANDed with filter (authorization: owner restriction) */
  authFilter?: FilterInput;
  limit: number;
  /** decoded cursor: the primary-key values of the last row of the previous page */
  after?: Row;
  sortDirection?: 'ASC' | 'DESC';
}

export interface RecordStore {
  get(model: ModelIR, key: Row): Promise<Row | undefined>;
  /** rows ordered by primary key; returns at most `limit` rows and whether more exist */
  list(model: ModelIR, q: ListQuery): Promise<{ rows: Row[]; hasMore: boolean }>;
  /** inserts; throws HearthError('ConditionalCheckFailed') if the key exists */
  insert(model: ModelIR, row: Row): Promise<Row>;
  /** updates when the row exists and matches `condition`; else ConditionalCheckFailed */
  update(model: ModelIR, key: Row, patch: Row, condition?: FilterInput): Promise<Row>;
  /** deletes when the row exists and matches `condition`; else ConditionalCheckFailed */
  delete(model: ModelIR, key: Row, condition?: FilterInput): Promise<Row>;
}

// ---------------------------------------------------------------- mail

export interface MailMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** ISO 8601 */
  sentAt: string;
}

export interface MailStore {
  add(m: MailMessage): Promise<void>;
  /** oldest first */
  byRecipient(to: string): Promise<MailMessage[]>;
}

// ---------------------------------------------------------------- keys

export interface KeyStore {
  /** returns the stored value for `name`, creating it with `make()` on first use (race-safe) */
  getOrCreate(name: string, make: () => string | Promise<string>): Promise<string>;
}

// ---------------------------------------------------------------- the whole

export interface MigrationReport {
  createdTables: string[];
  addedColumns: string[];
  /** columns of removed fields, kept */
  keptColumns: string[];
}

export interface Storage {
  readonly engine: 'sqlite' | 'postgres';
  readonly users: UserStore;
  readonly identities: IdentityStore;
  readonly records: RecordStore;
  readonly mail: MailStore;
  readonly keys: KeyStore;
  /** creates internal tables and model tables; adds columns for new fields; never drops */
  migrate(models: ModelIR[]): Promise<MigrationReport>;
  /** for adapters' own code; services never touch it */
  readonly db: Kysely<any>;
  close(): Promise<void>;
}
