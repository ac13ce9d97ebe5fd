/**
 * defineStorage `access: (allow) => ({ 'path/*': [allow.x.to([...])] })` → StoragePathIR[].
 * Checks what Amplify checks when it synthesises the policies (amplify-backend
 * packages/backend-storage 1.6, storage_access_orchestrator.ts and access_builder.ts), with errors
 * that name the user's file.
 */
import { definitionOf, type StorageAccessDefinition, type StorageGrantee, storageAccessBuilder } from '../backend/index.js';
import { HearthError } from '../util/errors.js';
import type { FunctionTable } from './compile-functions.js';
import { ENTITY_TOKEN, validateStoragePaths } from './compile-storage-paths.js';
import type { StorageAction, StorageGrantIR, StoragePathIR } from './types.js';

export interface StorageAccessCompileOptions {
  where: string;
  functions: FunctionTable;
  /** defineAuth's groups; undefined when the backend has no auth */
  auth?: { groups: string[] };
  warnings: string[];
  bucket: { name: string; bucketName: string };
}

const ACTIONS = ['read', 'get', 'list', 'write', 'delete'];

export function compileStorageAccess(access: unknown, o: StorageAccessCompileOptions): StoragePathIR[] {
  if (access === undefined) return [];
  if (typeof access !== 'function')
    throw new HearthError('ConfigError', `${o.where}: defineStorage access must be a function (allow) => ({ 'path/*': [...] }).`);
  const record: unknown = access(storageAccessBuilder);
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new HearthError('ConfigError', `${o.where}: defineStorage access must return an object of paths, e.g. { 'media/*': [...] }.`);
  }
  const entries = Object.entries(record);
  validateStoragePaths(
    entries.map(([path]) => path),
    o.where,
  );
  return entries.map(([path, rules]) => ({ path, grants: compilePathRules(path, rules, o) }));
}

function compilePathRules(path: string, rules: unknown, o: StorageAccessCompileOptions): StorageGrantIR[] {
  if (!Array.isArray(rules))
    throw new HearthError('ConfigError', `${o.where}: the rules of "${path}" must be an array of allow.<who>.to([...]).`);
  const seen = new Set<string>();
  const grants: StorageGrantIR[] = [];
  for (const rule of rules as unknown[]) {
    const grant = (rule as Partial<StorageAccessDefinition> | null)?.hearthStorageGrant;
    if (!grant) throw new HearthError('ConfigError', `${o.where}: "${path}" holds a rule that is not allow.<who>.to([...]).`);
    const actions = compileActions(grant.actions, path, o.where);
    for (const g of principalsOf(grant.grantee, path, o)) {
      if (g.uniqueId !== undefined) {
        if (seen.has(g.uniqueId)) {
          throw new HearthError(
            'ConfigError',
            `${o.where}: "${path}" names ${g.label} more than once; combine its rules into one, e.g. allow.authenticated.to(['read', 'write']).`,
          );
        }
        seen.add(g.uniqueId);
      }
      grants.push({ principal: g.principal, actions });
    }
  }
  return grants;
}

/** `read` becomes `get` + `list` in place; duplicates go, as Amplify drops them */
function compileActions(actions: unknown, path: string, where: string): StorageAction[] {
  if (!Array.isArray(actions) || actions.length === 0)
    throw new HearthError(
      'ConfigError',
      `${where}: a rule on "${path}" grants no action; pass some of ${ACTIONS.join(', ')} to .to([...]).`,
    );
  const out: StorageAction[] = [];
  for (const a of actions as unknown[]) {
    if (typeof a !== 'string' || !ACTIONS.includes(a))
      throw new HearthError(
        'ConfigError',
        `${where}: unknown storage action ${JSON.stringify(a)} on "${path}"; use ${ACTIONS.join(', ')}.`,
      );
    out.push(...((a === 'read' ? ['get', 'list'] : [a]) as StorageAction[]));
  }
  return [...new Set(out)];
}

type Principal = { principal: StorageGrantIR['principal']; uniqueId?: string; label: string };

function principalsOf(grantee: StorageGrantee, path: string, o: StorageAccessCompileOptions): Principal[] {
  if (grantee.kind === 'resource') return [resourcePrincipal(grantee.resource, path, o)];
  const auth = o.auth;
  if (!auth) {
    throw new HearthError(
      'ConfigError',
      `${o.where}: allow.${grantee.kind} on "${path}" needs defineAuth in the backend (guests and users are identity-pool identities).`,
    );
  }
  switch (grantee.kind) {
    case 'guest':
      return [{ principal: { kind: 'guest' }, uniqueId: 'guest', label: 'guest users' }];
    case 'authenticated':
      return [{ principal: { kind: 'authenticated' }, uniqueId: 'authenticated', label: 'authenticated users' }];
    case 'entity':
      return [entityPrincipal(grantee.entityId, path, o)];
    case 'groups':
      return groupPrincipals(grantee.groups, path, { ...o, auth });
  }
}

function entityPrincipal(entityId: unknown, path: string, o: StorageAccessCompileOptions): Principal {
  if (entityId !== 'identity')
    throw new HearthError('ConfigError', `${o.where}: allow.entity(${JSON.stringify(entityId)}) on "${path}": only 'identity' exists.`);
  if (!path.includes(ENTITY_TOKEN)) {
    o.warnings.push(
      `${o.where}: allow.entity('identity') on "${path}" has no ${ENTITY_TOKEN} in the path, so it grants every signed-in user.`,
    );
  }
  return { principal: { kind: 'entity' }, uniqueId: 'entityidentity', label: "allow.entity('identity')" };
}

function groupPrincipals(groups: unknown, path: string, o: StorageAccessCompileOptions & { auth: { groups: string[] } }): Principal[] {
  if (!Array.isArray(groups) || groups.length === 0 || groups.some((g) => typeof g !== 'string'))
    throw new HearthError('ConfigError', `${o.where}: allow.groups on "${path}" needs an array of group names.`);
  return (groups as string[]).map((group) => {
    if (!o.auth.groups.includes(group)) {
      const known = o.auth.groups.length ? o.auth.groups.join(', ') : 'none';
      throw new HearthError(
        'ConfigError',
        `${o.where}: allow.groups on "${path}" names "${group}", which defineAuth does not define (groups: ${known}).`,
      );
    }
    return { principal: { kind: 'group', group }, uniqueId: `groups${group}`, label: `group ${group}` };
  });
}

/** a function's rules are not unique per path in Amplify either (no uniqueDefinitionId) */
function resourcePrincipal(resource: unknown, path: string, o: StorageAccessCompileOptions): Principal {
  if (definitionOf(resource)?.kind !== 'function')
    throw new HearthError('ConfigError', `${o.where}: allow.resource on "${path}" takes a defineFunction(...) result.`);
  const fn = o.functions.add(resource);
  // the function's env gets the bucket name (functions/lambda-env.ts); the IR object is BackendIR's
  const envName = `${o.bucket.name}_BUCKET_NAME`;
  const others = (fn.storageAccess ?? []).filter((s) => s.envName !== envName);
  fn.storageAccess = [...others, { envName, bucketName: o.bucket.bucketName }];
  return { principal: { kind: 'resource', functionName: fn.name }, label: `function ${fn.name}` };
}
