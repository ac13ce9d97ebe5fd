/**
 * `defineStorage`: a bucket, who may do what under which path, and the functions S3 events run.
 * Shaped like `@aws-amplify/backend-storage` 1.6 so an `amplify/storage/resource.ts` written for
 * Amplify type-checks unchanged; the rules themselves are checked by the IR compiler
 * (src/ir/compile-storage.ts), as Amplify checks them at synth time.
 * https://docs.amplify.aws/react/build-a-backend/storage/authorization/
 */
import { callerFile } from './caller-file.js';
import { type Definition, makeDefinition } from './definition.js';

/**
 * What a rule grants on a path. `read` is `get` + `list` and cannot be combined with them.
 * `get` fetches objects, `list` lists their keys (not their bytes), `write` creates and replaces,
 * `delete` removes.
 */
export type StorageAction = 'read' | 'get' | 'list' | 'write' | 'delete';

/** An access path: a key prefix ending in `/*`, e.g. `media/*` or `media/{entity_id}/*`. */
export type StoragePath = `${string}/*`;

/** `allow.entity(...)`: only `'identity'` (the caller's identity-pool identity id) exists. */
export type EntityId = 'identity';

/** Who a rule names, as the builder records it (read by the IR compiler, never by user code). */
export type StorageGrantee =
  | { kind: 'guest' }
  | { kind: 'authenticated' }
  | { kind: 'groups'; groups: string[] }
  | { kind: 'entity'; entityId: string }
  | { kind: 'resource'; resource: unknown };

/** One rule on a path: what `allow.<who>.to([...])` returns. */
export interface StorageAccessDefinition {
  readonly hearthStorageGrant: { grantee: StorageGrantee; actions: readonly StorageAction[] };
}

export interface StorageActionBuilder {
  /** The actions granted; `'read'` excludes `'get'` and `'list'` (it is both). */
  to(actions: Exclude<StorageAction, 'get' | 'list'>[] | Exclude<StorageAction, 'read'>[]): StorageAccessDefinition;
}

/** The `allow` given to `access`. */
export interface StorageAccessBuilder {
  /** signed-in users; on a `{entity_id}` path the token stands for any identity */
  authenticated: StorageActionBuilder;
  /** guests (unauthenticated identity-pool identities) */
  guest: StorageActionBuilder;
  /** signed-in users in any of these user-pool groups (defineAuth `groups`) */
  groups(groupNames: string[]): StorageActionBuilder;
  /** the owner: the path's `{entity_id}` is the caller's identity id */
  entity(entityId: EntityId): StorageActionBuilder;
  /** a function of this backend (its credentials; it gets `<name>_BUCKET_NAME` in its env) */
  resource(other: Definition<'function'>): StorageActionBuilder;
}

export type StorageAccessRecord = Record<StoragePath, StorageAccessDefinition[]>;
export type StorageAccessGenerator = (allow: StorageAccessBuilder) => StorageAccessRecord;

export type StorageTriggerEvent = 'onDelete' | 'onUpload';

export interface DefineStorageProps {
  /** the friendly name; the bucket name and the `<name>_BUCKET_NAME` env variable derive from it */
  name: string;
  /** which bucket the client uses when it names none; required when there are several */
  isDefault?: boolean;
  /** accepted; Hearth keeps one version of each object */
  versioned?: boolean;
  /** accepted; Hearth never deletes a bucket's files on its own */
  keepOnDelete?: boolean;
  /** functions run after an object is created (`onUpload`) or removed (`onDelete`), with S3 event records */
  triggers?: Partial<Record<StorageTriggerEvent, Definition<'function'>>>;
  /** who may do what under which path; without it only functions' and admin credentials reach the bucket */
  access?: StorageAccessGenerator;
  [k: string]: unknown;
}

export type StorageDefinition = Definition<'storage', DefineStorageProps>;

const actionBuilder = (grantee: StorageGrantee): StorageActionBuilder => ({
  to: (actions) => ({ hearthStorageGrant: { grantee, actions: [...actions] } }),
});

/** The builder Hearth passes to `access`; the compiler calls `access(storageAccessBuilder)`. */
export const storageAccessBuilder: StorageAccessBuilder = {
  authenticated: actionBuilder({ kind: 'authenticated' }),
  guest: actionBuilder({ kind: 'guest' }),
  groups: (groupNames) => actionBuilder({ kind: 'groups', groups: [...groupNames] }),
  entity: (entityId) => actionBuilder({ kind: 'entity', entityId }),
  resource: (other) => actionBuilder({ kind: 'resource', resource: other }),
};

/**
 * Defines a bucket: its paths and who may read, write or delete under them.
 * @example
 * ```ts
 * export const storage = defineStorage({
 *   name: 'myProjectFiles',
 *   access: (allow) => ({
 *     'public/*': [allow.guest.to(['read']), allow.authenticated.to(['read', 'write'])],
 *     'private/{entity_id}/*': [allow.entity('identity').to(['read', 'write', 'delete'])],
 *   }),
 * });
 * ```
 */
export function defineStorage(props: DefineStorageProps): StorageDefinition {
  return makeDefinition('storage', props, callerFile(defineStorage));
}
