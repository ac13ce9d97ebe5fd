import { HearthError } from '../../util/errors.js';
import type { AuthProvider, AuthRuleIR, ModelOperation } from '../types.js';

const READ: ModelOperation[] = ['get', 'list', 'sync', 'listen', 'search'];
const ALL: ModelOperation[] = ['create', 'update', 'delete', ...READ];
const DEFAULT_PROVIDER: Record<AuthRuleIR['allow'], AuthProvider> = {
  owner: 'userPools',
  groups: 'userPools',
  private: 'userPools',
  public: 'apiKey',
  custom: 'function',
};

/** One `@auth` rule object → AuthRuleIR, with the transformer's defaults made explicit. */
export function compileAuthRule(raw: Record<string, unknown>, where: string): AuthRuleIR {
  const allow = raw.allow as AuthRuleIR['allow'];
  if (!(allow in DEFAULT_PROVIDER)) throw new HearthError('ConfigError', `${where}: unknown auth rule allow: ${String(allow)}.`);
  const provider = (raw.provider as AuthProvider | undefined) ?? DEFAULT_PROVIDER[allow];
  const rule: AuthRuleIR = { allow, provider, operations: expandOperations(raw.operations as string[] | undefined) };
  if (allow === 'owner') {
    rule.ownerField = (raw.ownerField as string | undefined) ?? 'owner';
    // Gen 2 turns on useSubUsernameForDefaultIdentityClaim: the owner value is `<sub>::<username>`
    rule.identityClaim = (raw.identityClaim as string | undefined) ?? 'sub::username';
  }
  if (allow === 'groups') {
    if (raw.groups) rule.groups = raw.groups as string[];
    if (raw.groupsField) rule.groupsField = raw.groupsField as string;
    rule.groupClaim = (raw.groupClaim as string | undefined) ?? 'cognito:groups';
  }
  return rule;
}

function expandOperations(ops: string[] | undefined): ModelOperation[] {
  if (!ops) return [...ALL];
  const out = new Set<ModelOperation>();
  for (const op of ops) {
    if (op === 'read') for (const r of READ) out.add(r);
    else out.add(op as ModelOperation);
  }
  return [...out];
}
