/**
 * Decides a storage request from a bucket's compiled path rules, with the meaning of the IAM
 * policies Amplify attaches to its roles (amplify-backend packages/backend-storage 1.6,
 * storage_access_orchestrator.ts and storage_access_policy_factory.ts):
 *
 * - each principal is a role: guests (the unauthenticated role), signed-in users (the authenticated
 *   role, which `allow.entity` also grants to), each user-pool group, each function;
 * - a rule grants its actions on the path's pattern: `get` → s3:GetObject, `write` → s3:PutObject,
 *   `delete` → s3:DeleteObject on objects matching `<path>` (`*` = any rest of the key);
 *   `list` → s3:ListBucket when the `prefix` asked for matches `<path>` (so it must lie inside it);
 * - `{entity_id}` becomes the caller's identity id for `allow.entity`, and `*` (the whole parent
 *   folder) for everyone else;
 * - a sub-path takes nothing from its parent: a role allowed an action on `a/*` is denied it on
 *   `a/b/*` unless `a/b/*` grants that role the action too (Amplify's deny-by-default statements).
 *   An owner path under the folder its own `*` substitution makes is exempt, as in Amplify.
 *
 * Deliberate difference: Cognito's token role mapping gives a user in a group only the group's
 * role, so in the cloud a group member loses the authenticated and owner rules (amplify-backend
 * issue #1771, open). Hearth gives a signed-in user the union of the authenticated role and the
 * roles of all their groups, which is what the docs describe.
 *
 * Rules are compiled once per bucket IR object (WeakMap): a decision is a few string prefix tests.
 */
import { ENTITY_SUBSTITUTION, grantedPattern } from '../ir/compile-storage-paths.js';
import type { StorageAction, StorageBucketIR, StoragePrincipal } from '../ir/types.js';
import type { StorageAccessCheck } from './types.js';

/** `prefix` + anything, or (owner) `prefix` + `<identityId>/` + anything */
interface Pattern {
  prefix: string;
  owner: boolean;
}

interface ActionRules {
  allow: Pattern[];
  deny: Pattern[];
}

type RolePolicy = Partial<Record<StorageAction, ActionRules>>;

export interface BucketPolicy {
  guest?: RolePolicy;
  authenticated?: RolePolicy;
  groups: Map<string, RolePolicy>;
  functions: Map<string, RolePolicy>;
}

const compiled = new WeakMap<StorageBucketIR, BucketPolicy>();

/** The access check the S3 protocol calls on every request. */
export const checkStorageAccess: StorageAccessCheck = (bucket, caller, action, target) => {
  if (caller.kind === 'admin') return true;
  let policy = compiled.get(bucket);
  if (!policy) {
    policy = compileBucketPolicy(bucket);
    compiled.set(bucket, policy);
  }
  const subject = 'key' in target ? target.key : target.prefix;
  if (caller.kind === 'function') return roleAllows(policy.functions.get(caller.functionName), action, subject, undefined);
  if (!caller.authenticated) return roleAllows(policy.guest, action, subject, undefined);
  if (roleAllows(policy.authenticated, action, subject, caller.identityId)) return true;
  for (const g of caller.groups) if (roleAllows(policy.groups.get(g), action, subject, caller.identityId)) return true;
  return false;
};

function roleAllows(role: RolePolicy | undefined, action: StorageAction, subject: string, identityId: string | undefined): boolean {
  const rules = role?.[action];
  return rules !== undefined && matchesAny(rules.allow, subject, identityId) && !matchesAny(rules.deny, subject, identityId);
}

function matchesAny(patterns: Pattern[], subject: string, identityId: string | undefined): boolean {
  for (const p of patterns) {
    if (!subject.startsWith(p.prefix)) continue;
    if (!p.owner) return true;
    // `<prefix><identityId>/…`: the owner's own folder, never a longer id that starts the same
    const end = p.prefix.length + (identityId?.length ?? 0);
    if (identityId !== undefined && subject.startsWith(identityId, p.prefix.length) && subject.charCodeAt(end) === SLASH) return true;
  }
  return false;
}

const SLASH = 47;

type Sets = { allow: Set<string>; deny: Set<string> };

/** Amplify's orchestration, on pattern strings: allow sets per role and action, then sub-path denies. */
export function compileBucketPolicy(bucket: StorageBucketIR): BucketPolicy {
  const roles = new Map<string, Map<StorageAction, Sets>>();
  const byPattern = new Map<string, Sets[]>();
  for (const { path, grants } of bucket.paths) {
    for (const { principal, actions } of grants) {
      const pattern = grantedPattern(path, principal);
      const role = roles.get(roleKey(principal)) ?? new Map<StorageAction, Sets>();
      roles.set(roleKey(principal), role);
      for (const action of actions) {
        const sets = role.get(action) ?? { allow: new Set<string>(), deny: new Set<string>() };
        role.set(action, sets);
        sets.allow.add(pattern);
        byPattern.set(pattern, [...(byPattern.get(pattern) ?? []), sets]);
      }
    }
  }
  denySubPaths(byPattern);
  return toPolicy(roles);
}

function denySubPaths(byPattern: Map<string, Sets[]>): void {
  const patterns = [...byPattern.keys()];
  for (const pattern of patterns) {
    const parent = patterns.find((p) => p !== pattern && pattern.startsWith(p.replaceAll('*', '')));
    if (!parent || parent === pattern.replaceAll(`${ENTITY_SUBSTITUTION}/`, '')) continue;
    for (const sets of byPattern.get(parent) ?? []) if (!sets.allow.has(pattern)) sets.deny.add(pattern);
  }
}

function roleKey(p: StoragePrincipal): string {
  switch (p.kind) {
    case 'guest':
      return 'guest';
    case 'authenticated':
    case 'entity':
      return 'authenticated';
    case 'group':
      return `group:${p.group}`;
    case 'resource':
      return `function:${p.functionName}`;
  }
}

function toPolicy(roles: Map<string, Map<StorageAction, Sets>>): BucketPolicy {
  const policy: BucketPolicy = { groups: new Map(), functions: new Map() };
  for (const [key, actions] of roles) {
    const role: RolePolicy = {};
    for (const [action, sets] of actions) role[action] = { allow: [...sets.allow].map(toPattern), deny: [...sets.deny].map(toPattern) };
    const [kind, name = ''] = key.split(/:(.*)/s);
    if (kind === 'guest') policy.guest = role;
    else if (kind === 'authenticated') policy.authenticated = role;
    else if (kind === 'group') policy.groups.set(name, role);
    else policy.functions.set(name, role);
  }
  return policy;
}

function toPattern(pattern: string): Pattern {
  const at = pattern.indexOf(ENTITY_SUBSTITUTION);
  return at >= 0 ? { prefix: pattern.slice(0, at), owner: true } : { prefix: pattern.slice(0, -1), owner: false };
}
