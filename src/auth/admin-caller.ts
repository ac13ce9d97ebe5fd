/**
 * Who may call the user pool's IAM-signed (admin) operations, and which ones:
 * - the admin key (sandbox: `.amplify/hearth/admin-credentials.json`; production: the env vars
 *   HEARTH_ADMIN_ACCESS_KEY_ID / HEARTH_ADMIN_SECRET_ACCESS_KEY) may call all of them;
 * - a function's own temporary credentials may call exactly what defineAuth `access` granted it.
 * Identity-pool (browser) credentials may call none, as an Amplify auth role has no such policy.
 */
import { HearthError } from '../util/errors.js';
import { secureEqual } from '../util/secure-compare.js';
import type { AuthContext } from './context.js';

export type AdminCaller = { kind: 'admin' } | { kind: 'function'; functionName: string } | { kind: 'identity' };

export interface AdminKey {
  accessKeyId: string;
  secretAccessKey: string;
}

type Deps = Pick<AuthContext, 'ir' | 'credentials' | 'adminCredentials'>;

/** The secret to check the signature with, or undefined for an unknown key. */
export function resolveAdminCaller(
  d: Deps,
  accessKeyId: string,
  sessionToken?: string,
): { secretAccessKey: string; caller: AdminCaller } | undefined {
  const admin = d.adminCredentials;
  if (admin && !sessionToken && secureEqual(admin.accessKeyId, accessKeyId)) {
    return { secretAccessKey: admin.secretAccessKey, caller: { kind: 'admin' } };
  }
  const resolved = sessionToken ? d.credentials.resolve(accessKeyId, sessionToken) : undefined;
  if (!resolved) return undefined;
  const p = resolved.principal;
  const caller: AdminCaller = p.kind === 'function' ? { kind: 'function', functionName: p.functionName } : { kind: 'identity' };
  return { secretAccessKey: resolved.secretAccessKey, caller };
}

/** Refuses with AWS's AccessDeniedException wording when the caller lacks `operation`. */
export function assertAdminAllowed(d: Pick<AuthContext, 'ir' | 'region'>, caller: AdminCaller, operation: string): void {
  if (caller.kind === 'admin') return;
  if (caller.kind === 'function' && d.ir.access?.[caller.functionName]?.includes(operation)) return;
  const who = caller.kind === 'function' ? `function ${caller.functionName}` : 'an identity-pool identity';
  throw new HearthError(
    'AccessDenied',
    `User: ${who} is not authorized to perform: cognito-idp:${operation} on resource: arn:aws:cognito-idp:${d.region}:000000000000:userpool/${d.ir.userPoolId}` +
      (caller.kind === 'function' ? ` (grant it in defineAuth access)` : ''),
  );
}

/** Admin operations name the pool; another id is a pool that does not exist here. */
export function assertUserPool(d: Pick<AuthContext, 'ir'>, userPoolId: string): void {
  if (userPoolId !== d.ir.userPoolId) throw new HearthError('ResourceNotFound', `User pool ${userPoolId} does not exist.`);
}
