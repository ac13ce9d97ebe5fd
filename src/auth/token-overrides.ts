/**
 * What a preTokenGeneration trigger may change in a token: add or override claims, suppress
 * claims, replace `cognito:groups`; V2 also scopes of the access token. Claims that carry the
 * token's meaning are out of its reach, as in Cognito
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html#user-pool-lambda-pre-token-generation-excluded-claims).
 */

export interface ClaimOverrides {
  add?: Record<string, unknown>;
  suppress?: string[];
  scopesToAdd?: string[];
  scopesToSuppress?: string[];
}

export interface TokenOverrides {
  id?: ClaimOverrides;
  access?: ClaimOverrides;
  /** replaces `cognito:groups` in both tokens */
  groups?: string[];
}

const PROTECTED = new Set([
  'acr',
  'amr',
  'aud',
  'auth_time',
  'azp',
  'at_hash',
  'c_hash',
  'client_id',
  'cognito:username',
  'event_id',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'sub',
  'token_use',
  'username',
  'scope',
]);

/** `claims` with the trigger's changes applied (protected claims untouched). */
export function applyClaimOverrides(
  claims: Record<string, unknown>,
  o: ClaimOverrides | undefined,
  groups?: string[],
): Record<string, unknown> {
  const out = { ...claims };
  if (groups) {
    if (groups.length > 0) out['cognito:groups'] = groups;
    else delete out['cognito:groups'];
  }
  for (const [k, v] of Object.entries(o?.add ?? {})) if (!PROTECTED.has(k)) out[k] = v;
  for (const k of o?.suppress ?? []) if (!PROTECTED.has(k)) delete out[k];
  if (typeof out.scope === 'string' && (o?.scopesToAdd || o?.scopesToSuppress)) {
    const scopes = new Set(out.scope.split(' ').filter(Boolean));
    for (const s of o.scopesToAdd ?? []) scopes.add(s);
    for (const s of o.scopesToSuppress ?? []) scopes.delete(s);
    out.scope = [...scopes].join(' ');
  }
  return out;
}
