/**
 * Database ports: what the services need from a database. Two adapters implement them
 * (db/sqlite, db/postgres), both through Kysely; one contract suite tests both.
 */
import type { Kysely } from 'kysely';
import type { EnumIR, ModelIR } from '../ir/types.js';

// ---------------------------------------------------------------- auth

/** EXTERNAL_PROVIDER: a federated user, created by a sign-in through an identity provider (auth/federation) */
export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED' | 'EXTERNAL_PROVIDER';

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
  /**
   * '' for rows written now (the verifier checks every password); rows written before that hold a
   * legacy scrypt hash `scrypt$<saltB64>$<hashB64>` until their next successful sign-in (auth/password-check.ts)
   */
  passwordHash: string;
  /** tokens issued before this instant (epoch seconds) are refused (GlobalSignOut) */
  tokensValidAfter: number;
  /** user-pool group names (the `cognito:groups` claim); absent or empty when none */
  groups?: string[];
  /** consecutive failed password checks since the last success (sign-in lockout) */
  failedSignIns?: number;
  /** epoch milliseconds until which password sign-in is refused ("Password attempts exceeded") */
  lockedUntil?: number;
  /** MFA factors of the user; absent when none was ever set up */
  mfa?: UserMfaSettings;
  /** attribute updates waiting for their verification code (Cognito's keep-original for email) */
  pendingAttributes?: Record<string, string>;
  /** epoch milliseconds */
  createdAt: number;
  updatedAt: number;
}

/** TOTP and email MFA settings (SetUserMFAPreference, VerifySoftwareToken). */
export interface UserMfaSettings {
  /** base32 TOTP secret, sealed with the server key; set once VerifySoftwareToken succeeded */
  totpSecret?: string;
  /** sealed secret handed out by AssociateSoftwareToken, not yet verified */
  pendingTotpSecret?: string;
  totpEnabled?: boolean;
  emailEnabled?: boolean;
  preferred?: 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';
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

/** What a new user's row is written with, in the same transaction (architecture decision 12). */
export interface NewUserWrites {
  /** the sign-up confirmation code */
  code?: CodeRecord;
  /** the message carrying it: committed with the user, sent after the commit */
  mail?: NewMail;
}

export interface UserStore {
  /**
   * Inserts the user and `with`'s rows as one unit: all of them or none (a taken username writes
   * nothing). On PostgreSQL one statement, so one round trip and one commit.
   */
  create(user: UserRecord, with_?: NewUserWrites): Promise<void>;
  bySub(sub: string): Promise<UserRecord | undefined>;
  byUsername(username: string): Promise<UserRecord | undefined>;
  update(sub: string, patch: Partial<Omit<UserRecord, 'sub'>>): Promise<void>;
  /**
   * ConfirmSignUp's write, one transaction: an UNCONFIRMED user becomes CONFIRMED with `attributes`,
   * its sign-up code goes, and `enqueue` (the postConfirmation invocation) is recorded. False, with
   * nothing written, when the user was not UNCONFIRMED (a concurrent confirmation won).
   * `flushLater` (PostgreSQL): the commit does not wait for its WAL flush; the caller must make it
   * durable (InvocationStore.flushThrough of an enqueued row) before it tells anyone it succeeded.
   */
  confirm(
    sub: string,
    c: { attributes: Record<string, string>; updatedAt: number; enqueue: InvocationRecord[]; flushLater?: boolean },
  ): Promise<boolean>;
  putCode(code: CodeRecord): Promise<void>;
  getCode(sub: string, purpose: string): Promise<CodeRecord | undefined>;
  bumpCodeAttempts(sub: string, purpose: string): Promise<void>;
  deleteCode(sub: string, purpose: string): Promise<void>;
  putRefreshToken(t: RefreshTokenRecord): Promise<void>;
  getRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  revokeRefreshToken(tokenHash: string): Promise<void>;
  isOriginRevoked(originJti: string): Promise<boolean>;
  revokeAllRefreshTokens(sub: string): Promise<void>;
  /** one atomic +1 of failedSignIns; returns the new count (concurrent wrong guesses all count) */
  bumpFailedSignIns(sub: string): Promise<number>;
  /** records `key` as used until `expiresAt`; false when it was already used (single-use tokens) */
  spendOnce(key: string, expiresAt: number, now: number): Promise<boolean>;
  /**
   * spendOnce, then bySub when the key was fresh (SRP's second step spends its SECRET_BLOCK and
   * reads the user it names): one round trip on PostgreSQL.
   */
  spendOnceAndRead(key: string, expiresAt: number, now: number, sub: string): Promise<{ fresh: boolean; user?: UserRecord }>;
  /** removes the user, their codes and refresh tokens (AdminDeleteUser) */
  deleteUser(sub: string): Promise<void>;
  /** every user, oldest first (ListUsers filters and pages them: pools are small next to a data table) */
  allUsers(): Promise<UserRecord[]>;
  /** users other than EXTERNAL_PROVIDER ones that hold an `identities` attribute: native users with linked provider identities */
  withLinkedIdentities(): Promise<UserRecord[]>;
  putGroup(group: GroupRecord): Promise<void>;
  getGroup(name: string): Promise<GroupRecord | undefined>;
  /** by name */
  listGroups(): Promise<GroupRecord[]>;
  deleteGroup(name: string): Promise<void>;
}

/** A user-pool group (CreateGroup / defineAuth `groups`). */
export interface GroupRecord {
  name: string;
  description?: string;
  /** lower wins when a user is in several groups (Cognito's precedence) */
  precedence?: number;
  roleArn?: string;
  /** epoch milliseconds */
  createdAt: number;
  updatedAt: number;
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

/** A passkey (WebAuthn credential) registered by a user; binary values are base64url. */
export interface WebAuthnCredentialRecord {
  /** the credential id the authenticator chose (base64url), unique across the pool */
  credentialId: string;
  sub: string;
  /** COSE public key */
  publicKey: string;
  /** the authenticator's signature counter at the last accepted use */
  counter: number;
  transports: string[];
  relyingPartyId: string;
  friendlyName: string;
  /** 'platform' | 'cross-platform', when the browser said */
  authenticatorAttachment?: string;
  /** epoch milliseconds */
  createdAt: number;
}

export interface WebAuthnStore {
  /** false when the credential id is already registered (to anyone) */
  add(r: WebAuthnCredentialRecord): Promise<boolean>;
  /** oldest first */
  bySub(sub: string): Promise<WebAuthnCredentialRecord[]>;
  byId(credentialId: string): Promise<WebAuthnCredentialRecord | undefined>;
  /** moves the counter from `from` to `to`; false when another sign-in moved it first */
  updateCounter(credentialId: string, from: number, to: number): Promise<boolean>;
  /** false when the user has no such credential */
  delete(sub: string, credentialId: string): Promise<boolean>;
  /** every passkey of a user (the user is being deleted) */
  deleteAllOf(sub: string): Promise<void>;
}

// ---------------------------------------------------------------- data

/** A record as the data layer sees it: field name → JSON value (dates as ISO strings). */
export type Row = Record<string, unknown>;

/** A GraphQL filter/condition input object (Model<T>FilterInput shape), already validated. */
export type FilterInput = Record<string, unknown>;

/** The key-condition operators of `Model<T>KeyConditionInput` / `Model<M><Key>CompositeKeyConditionInput`. */
export type SortKeyOperator = 'eq' | 'le' | 'lt' | 'ge' | 'gt' | 'between' | 'beginsWith';

/**
 * A DynamoDB-style Query on the primary key or a secondary index: rows equal to `partition`, ordered
 * by `sortKeys` and then the primary key, optionally narrowed by a range over the sort keys.
 * Rows with a null sort key are left out, as DynamoDB leaves items without the key out of a GSI.
 * Example (`listPostByStatus(status: PUBLISHED, createdAt: {gt: "2025"})`):
 * `{ partition: { status: 'PUBLISHED' }, sortKeys: ['createdAt'], range: { op: 'gt', bounds: [{ createdAt: '2025' }] } }`.
 */
export interface KeyCondition {
  /** field → value; every field must equal (several for a hasMany over composite references) */
  partition: Row;
  sortKeys: string[];
  range?: {
    op: SortKeyOperator;
    /**
     * one bound (two for `between`), each over a leading run of `sortKeys`; composite bounds compare
     * as tuples, field by field, and `beginsWith` is a prefix test on the last field given
     */
    bounds: Row[];
  };
}

export interface ListQuery {
  filter?: FilterInput;
  /** extra predicate ANDed with filter (authorization: owner restriction) */
  authFilter?: FilterInput;
  /** a key query instead of a scan: ordering is then `keyCondition.sortKeys`, then the primary key */
  keyCondition?: KeyCondition;
  limit: number;
  /** decoded cursor: the ordering fields (`listOrder(model, q)`) of the last row of the previous page */
  after?: Row;
  sortDirection?: 'ASC' | 'DESC';
}

/** The fields a list is ordered by (and a cursor holds): the key condition's sort keys, then the primary key. */
export function listOrder(model: ModelIR, q: Pick<ListQuery, 'keyCondition'>): string[] {
  const out = [...(q.keyCondition?.sortKeys ?? [])];
  for (const k of [model.primaryKey.partitionKey, ...model.primaryKey.sortKeys]) if (!out.includes(k)) out.push(k);
  return out;
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

// ---------------------------------------------------------------- record changes

/** One successful write, as stored (owner values unstripped): what subscriptions are matched against. */
export interface RecordChange {
  /** the model's name (ModelIR.name); for `mutationResult`, the custom mutation's field name */
  model: string;
  /**
   * `mutationResult`: a custom mutation succeeded; custom subscriptions that name it in `.for()`
   * (`@aws_subscribe(mutations: [...])`) deliver its value
   */
  op: 'create' | 'update' | 'delete' | 'mutationResult';
  /** the full stored row after the write (for delete: the row as it was); for `mutationResult`: `{ result }` */
  record: Row;
}

/**
 * Fan-out of record changes to every listener of this database: in-process for SQLite, and
 * across instances through PostgreSQL LISTEN/NOTIFY (architecture decision 9). Delivery is
 * best-effort and at-most-once, like AppSync's: a listener that is disconnected misses changes.
 */
export interface ChangeFeed {
  /** delivers to this process's listeners at once, then to other instances; never throws */
  publish(change: RecordChange): Promise<void>;
  /** returns the function that removes the listener */
  subscribe(listener: (change: RecordChange) => void): () => void;
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

/** A message as written to the mail table: `stored` for the dev mailbox only, `queued` for SMTP delivery. */
export type NewMail = MailMessage & { from?: string; replyTo?: string; status: 'stored' | 'queued' };

export interface MailStore {
  add(m: MailMessage): Promise<void>;
  /** oldest first */
  byRecipient(to: string): Promise<MailMessage[]>;
  /** newest first, of one recipient when `to` is given; `before`: the `next` of the previous page (keyset, no count) */
  page(o: { to?: string; limit: number; before?: string }): Promise<{ messages: MailMessage[]; next?: string }>;
  /** puts a message in the outbox for SMTP delivery (status `queued`, due at once) */
  enqueue(m: MailMessage & { from?: string; replyTo?: string }): Promise<void>;
  /** up to `limit` queued messages due at `now` (epoch ms), oldest first */
  due(now: number, limit: number): Promise<OutboxEntry[]>;
  /** takes a due message for delivery until `leaseUntil`; false when another sender took it first */
  claim(id: string, now: number, leaseUntil: number): Promise<boolean>;
  /** records the outcome of a delivery attempt */
  settle(id: string, outcome: MailOutcome): Promise<void>;
  byId(id: string): Promise<OutboxEntry | undefined>;
}

export type MailStatus = 'stored' | 'queued' | 'sent' | 'failed';

export interface OutboxEntry extends MailMessage {
  from?: string;
  replyTo?: string;
  /** `stored`: only in the dev mailbox; `queued`: waiting for SMTP; `sent`; `failed`: gave up */
  status: MailStatus;
  attempts: number;
  /** epoch ms */
  nextAttemptAt: number;
  lastError?: string;
}

export type MailOutcome =
  | { status: 'sent'; attempts: number }
  | { status: 'queued' | 'failed'; attempts: number; nextAttemptAt: number; lastError: string };

// ---------------------------------------------------------------- sign-in history

/** One sign-in attempt of a user, for the console (bounded per user). */
export interface SignInEntry {
  /** ISO 8601 */
  time: string;
  /** how: `SRP`, `PASSWORD`, `CUSTOM`, `MFA`, … */
  method: string;
  ok: boolean;
  /** why it failed (`WrongPassword`, `WrongCode`, `LockedOut`…) */
  reason?: string;
  /** the attempt ended locked out (this failure started a lock, or a lock refused it) */
  lockedOut: boolean;
}

export interface SignInHistoryStore {
  /** records one attempt, keeping the newest `keep` of the user */
  add(sub: string, e: SignInEntry, keep: number): Promise<void>;
  /**
   * `add` and UserStore.putRefreshToken of the same database in one statement (PostgreSQL: one round
   * trip on every sign-in that starts a session); absent where the store cannot do both
   */
  addWithRefreshToken?(sub: string, e: SignInEntry, keep: number, token: RefreshTokenRecord): Promise<void>;
  /** newest first */
  recent(sub: string, limit: number): Promise<SignInEntry[]>;
}

// ---------------------------------------------------------------- keys

export interface KeyStore {
  /** returns the stored value for `name`, creating it with `make()` on first use (race-safe) */
  getOrCreate(name: string, make: () => string | Promise<string>): Promise<string>;
}

/** Named values an instance may replace, beside the keys (a user pool's published address, for referenceAuth). */
export interface SettingStore {
  get(name: string): Promise<string | undefined>;
  put(name: string, value: string): Promise<void>;
}

// ---------------------------------------------------------------- file storage (object metadata)

/** One stored object's metadata; its bytes live in a BlobStore (src/storage/blobs) under `blobId`. */
export interface ObjectRecord {
  bucket: string;
  key: string;
  blobId: string;
  size: number;
  /** quoted as S3 sends it: `"<md5 hex>"`, or `"<md5 of part md5s>-<parts>"` after a multipart upload */
  etag: string;
  contentType: string;
  /** x-amz-meta-* headers, names lower-cased without the prefix */
  metadata: Record<string, string>;
  /** Content-Disposition, Content-Encoding, Cache-Control, Content-Language, Expires as sent */
  headers: Record<string, string>;
  /** who wrote it: an identity id, `function:<name>`, or `admin` */
  writer: string;
  /** epoch milliseconds */
  lastModified: number;
}

export interface MultipartUploadRecord {
  uploadId: string;
  bucket: string;
  key: string;
  contentType: string;
  metadata: Record<string, string>;
  headers: Record<string, string>;
  writer: string;
  initiated: number;
}

export interface UploadPartRecord {
  uploadId: string;
  partNumber: number;
  blobId: string;
  size: number;
  /** quoted md5 hex */
  etag: string;
  lastModified: number;
}

export interface ObjectStore {
  get(bucket: string, key: string): Promise<ObjectRecord | undefined>;
  /**
   * inserts or replaces; returns the record it replaced (whose blob the caller deletes). `enqueue`:
   * trigger invocations written in the same transaction (a storage event is never lost to a crash)
   */
  put(o: ObjectRecord, enqueue?: InvocationRecord[]): Promise<ObjectRecord | undefined>;
  /** returns the removed record, undefined when there was none; `enqueue` is written only when a row went */
  delete(bucket: string, key: string, enqueue?: InvocationRecord[]): Promise<ObjectRecord | undefined>;
  /** keys in byte order, `key > after` (exclusive) when given, at most `limit` */
  list(bucket: string, o: { prefix: string; after?: string; limit: number }): Promise<ObjectRecord[]>;
  createUpload(u: MultipartUploadRecord): Promise<void>;
  getUpload(uploadId: string): Promise<MultipartUploadRecord | undefined>;
  /** inserts or replaces the part; returns the part it replaced (whose blob the caller deletes) */
  putPart(p: UploadPartRecord): Promise<UploadPartRecord | undefined>;
  /** in part-number order, `partNumber > after` when given */
  listParts(uploadId: string, o?: { after?: number; limit?: number }): Promise<UploadPartRecord[]>;
  /** removes the upload and its part rows (blobs are the caller's), returning the parts it had */
  deleteUpload(uploadId: string): Promise<UploadPartRecord[]>;
  /**
   * Completing a multipart upload in one transaction: the object row replaces any old one and the
   * upload with its parts goes, and `enqueue`'s invocations are written. Returns the replaced object
   * and the removed parts.
   */
  completeUpload(
    uploadId: string,
    o: ObjectRecord,
    enqueue?: InvocationRecord[],
  ): Promise<{ replaced?: ObjectRecord; parts: UploadPartRecord[] }>;
  // the orphan sweep (storage/blobs/sweep-orphans.ts)
  /** of `blobIds`, those no object row and no part row points at */
  unreferencedBlobs(blobIds: string[]): Promise<string[]>;
  /** multipart uploads initiated before `initiatedBefore` (ms), oldest first, at most `limit` */
  staleUploads(o: { initiatedBefore: number; limit: number }): Promise<MultipartUploadRecord[]>;
  /**
   * True for exactly one caller across every instance sharing the database per `everyMs`: the
   * caller whose claim finds the last run of `task` at least `everyMs` before `now`.
   */
  claimSweep(task: string, o: { now: number; everyMs: number }): Promise<boolean>;
}

// ---------------------------------------------------------------- function invocations

/**
 * `pending`: enqueued, not run yet; `retrying`: failed, due again at `nextAttemptAt`; `failed`: kept
 * after its last attempt; `succeeded-on-retry`: a later attempt (or `hearth triggers retry`) worked.
 */
export type InvocationStatus = 'pending' | 'retrying' | 'failed' | 'succeeded-on-retry';

/** A function invocation that failed, or an asynchronous one waiting to run (architecture decision 12). */
export interface InvocationRecord {
  id: string;
  functionName: string;
  /** what invoked it, e.g. `cognito:PostConfirmation_ConfirmSignUp`, `s3:ObjectCreated:Put`, `appsync:async:Mutation.notify` */
  source: string;
  /** the event the function is given, as JSON */
  event: unknown;
  status: InvocationStatus;
  attempts: number;
  /** the attempt after which a failure is final */
  maxAttempts: number;
  lastError?: string;
  /** epoch ms */
  createdAt: number;
  updatedAt: number;
  nextAttemptAt: number;
  /**
   * Written only: a row added already claimed until then (a synchronous trigger running in the
   * request that wrote it); no runner takes it before, and if its runner died, after.
   */
  leaseUntil?: number;
}

export type InvocationOutcome =
  | { status: 'succeeded'; now: number }
  | { status: 'retrying' | 'failed'; now: number; lastError: string; nextAttemptAt: number };

export interface InvocationStore {
  add(r: InvocationRecord): Promise<void>;
  get(id: string): Promise<InvocationRecord | undefined>;
  /** newest first (by last update), optionally of one status */
  list(o: { status?: InvocationStatus; limit: number }): Promise<InvocationRecord[]>;
  /** ids of `pending`/`retrying` rows due at `now` and not leased, oldest first */
  due(now: number, limit: number): Promise<string[]>;
  /**
   * Takes a due row for one attempt until `leaseUntil`, counting the attempt; undefined when another
   * runner (any instance) took it first: one conditional UPDATE, so no event runs twice at once.
   */
  claim(id: string, now: number, leaseUntil: number): Promise<InvocationRecord | undefined>;
  /**
   * Records the attempt begun by the claim that set `leaseUntil`; ignored when the lease was lost.
   * A first attempt that succeeded removes the row (only failures are kept); a later one marks it
   * `succeeded-on-retry`.
   */
  settle(id: string, leaseUntil: number, outcome: InvocationOutcome): Promise<void>;
  /**
   * Returns once row `id` and every commit before it are on disk: PostgreSQL writes the row again
   * in a transaction that waits for its WAL flush (the WAL is one sequence, so that flush covers
   * every earlier commit); SQLite commits durably anyway and does nothing. Throws when the row is gone.
   */
  flushThrough(id: string): Promise<void>;
  /** makes a row due at `now` for one more attempt (`hearth triggers retry`); false when unknown or running */
  requeue(id: string, now: number): Promise<boolean>;
}

// ---------------------------------------------------------------- DynamoDB streams of model tables

/** A value in DynamoDB's JSON form: `{ S }`, `{ N }` (a string), `{ BOOL }`, `{ NULL: true }`, `{ M }`, `{ L }`. */
export type DynamoValue = Record<string, unknown>;
export type DynamoItem = Record<string, DynamoValue>;

/** One write to a streamed model table, as its stream record keeps it (view type NEW_AND_OLD_IMAGES). */
export interface StreamRecord {
  tableName: string;
  /** the table's order of writes (commit order): 1, 2, 3… */
  seq: number;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  keys: DynamoItem;
  newImage?: DynamoItem;
  oldImage?: DynamoItem;
  sizeBytes: number;
  /** epoch ms */
  createdAt: number;
}

/** Where one mapping is in its table's stream: records after `checkpoint` are still to deliver. */
export interface StreamPosition {
  mappingId: string;
  tableName: string;
  checkpoint: number;
  /** failed attempts at the batch after `checkpoint` */
  attempts: number;
  nextAttemptAt: number;
  /** the invocation row showing the failing batch (`hearth triggers`), while it fails */
  failureId?: string;
}

/** How an attempt ended: the new checkpoint and retry state, and the invocation row to write. */
export interface StreamSettlement {
  now: number;
  checkpoint: number;
  attempts: number;
  nextAttemptAt: number;
  failureId?: string;
  /** upserted in the same transaction (keyed by id) */
  invocation?: InvocationRecord;
}

export interface StreamStore {
  /** creates the mapping's position when it has none: LATEST after the table's last record, TRIM_HORIZON before its oldest */
  open(mappingId: string, tableName: string, start: 'LATEST' | 'TRIM_HORIZON'): Promise<void>;
  /** the position and up to `limit` records after it; undefined when leased or not due at `now` */
  peek(mappingId: string, now: number, limit: number): Promise<{ position: StreamPosition; records: StreamRecord[] } | undefined>;
  /** leases the mapping until `leaseUntil` if still due, unleased and at `checkpoint` (one instance wins) */
  claim(mappingId: string, o: { now: number; leaseUntil: number; checkpoint: number }): Promise<boolean>;
  /** records an attempt's outcome and releases the lease; ignored when the lease was lost */
  settle(mappingId: string, leaseUntil: number, s: StreamSettlement): Promise<void>;
  /** removes records written before `before` (the stream's 24-hour retention) */
  trim(before: number): Promise<void>;
}

// ---------------------------------------------------------------- OAuth authorization codes

/** An authorization code of the user pool's OAuth endpoints, kept under the SHA-256 of the code. */
export interface OAuthCodeRecord {
  codeHash: string;
  /** what the code grants, sealed by the auth service (tokens inside are secrets) */
  payload: string;
  /** epoch ms */
  expiresAt: number;
}

export interface OAuthCodeStore {
  put(r: OAuthCodeRecord): Promise<void>;
  /** removes and returns the code in one statement: of two concurrent redemptions only one gets it */
  take(codeHash: string): Promise<OAuthCodeRecord | undefined>;
  /** reads a record without removing it (the scopes an OAuth session was granted) */
  get(codeHash: string): Promise<OAuthCodeRecord | undefined>;
  /** removes codes that expired before `now` */
  prune(now: number): Promise<void>;
}

// ---------------------------------------------------------------- shared rate-limit counters

/** One instance's increments of a key in a fixed window, and the time its row may go. */
export interface RateCount {
  key: string;
  /** epoch ms: the start of the window */
  windowStart: number;
  add: number;
  expiresAt: number;
}

export interface RateCounterStore {
  /** adds each count (0 only reads) and answers the key's total in its window across every instance */
  add(counts: RateCount[]): Promise<{ key: string; windowStart: number; total: number }[]>;
  /** removes rows whose window ended before `now` */
  prune(now: number): Promise<void>;
}

// ---------------------------------------------------------------- the whole

export interface MigrationReport {
  createdTables: string[];
  addedColumns: string[];
  /** columns of removed fields, kept */
  keptColumns: string[];
  /** columns whose field changed type, rewritten with every row kept */
  changedColumns: string[];
  /** `<table>.<index>` for each secondary index created */
  createdIndexes: string[];
}

/** defineFunction `schedule` firings, shared by the instances on one database. */
export interface ScheduleClaimStore {
  /** takes `minute` (epoch minutes) for `schedule`; false when it (or a later one) was taken already */
  claim(schedule: string, minute: number): Promise<boolean>;
}

export interface Database {
  readonly engine: 'sqlite' | 'postgres';
  readonly users: UserStore;
  readonly identities: IdentityStore;
  readonly records: RecordStore;
  readonly mail: MailStore;
  readonly keys: KeyStore & SettingStore;
  /** authorization codes of the OAuth endpoints (single use, any instance may redeem one) */
  readonly oauthCodes: OAuthCodeStore;
  /** file storage: object metadata (the bytes are in a BlobStore) */
  readonly objects: ObjectStore;
  /** record changes, for realtime subscriptions */
  readonly changes: ChangeFeed;
  /** failed function invocations and queued asynchronous ones */
  readonly invocations: InvocationStore;
  /** rate-limit counters shared by the instances on this database */
  readonly rateCounters: RateCounterStore;
  /** each user's recent sign-in attempts (the console's user view) */
  readonly signIns: SignInHistoryStore;
  /** passkeys of user pool users */
  readonly webauthn: WebAuthnStore;
  /** which minute each function schedule last fired in (one instance takes each firing) */
  readonly scheduleClaims: ScheduleClaimStore;
  /** stream records of streamed model tables, and each stream mapping's position */
  readonly streams: StreamStore;
  /**
   * creates internal tables and model tables; adds columns and secondary indexes; converts a changed
   * field's column when every row survives it, else throws ConfigError and changes nothing; never drops
   * a row or a column (`enums`: to check rows of enum fields against the values)
   */
  migrate(models: ModelIR[], o?: { enums?: EnumIR[] }): Promise<MigrationReport>;
  /** drops the kept columns of fields no longer in `models` (`hearth migrate --prune-columns`); returns `<table>.<column>`s */
  pruneColumns(models: ModelIR[]): Promise<string[]>;
  /** for adapters' own code; services never touch it */
  readonly db: Kysely<any>;
  close(): Promise<void>;
}
