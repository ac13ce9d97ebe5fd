import { HearthError } from '../../util/errors.js';
import type { AuthProvider, AuthRuleIR, ModelOperation } from '../types.js';

const READ: ModelOperation[] = ['get', 'list', 'sync', 'listen', 'search'];
const ALL: ModelOperation[] = ['create', 'update', 'delete', ...READ];
const KNOWN_OPS = new Set<string>([...ALL, 'read']);
const DEFAULT_PROVIDER: Record<AuthRuleIR['allow'], AuthProvider> = {
  owner: 'userPools',
  groups: 'userPools',
  private: 'userPools',
  public: 'apiKey',
  custom: 'function',
};
// which providers each strategy accepts (the auth transformer's validateRuleAuthStrategy)
const PROVIDERS: Record<AuthRuleIR['allow'], AuthProvider[]> = {
  owner: ['userPools', 'oidc'],
  groups: ['userPools', 'oidc'],
  private: ['userPools', 'oidc', 'iam', 'identityPool'],
  public: ['apiKey', 'iam', 'identityPool'],
  custom: ['function'],
};

/**
 * One `@auth` rule object → AuthRuleIR, with the transformer's defaults made explicit. The same
 * shape serves model rules and field rules (`a.string().authorization(...)`).
 */
export function compileAuthRule(raw: Record<string, unknown>, where: string): AuthRuleIR {
  const allow = raw.allow as AuthRuleIR['allow'];
  if (!(allow in DEFAULT_PROVIDER)) throw new HearthError('ConfigError', `${where}: unknown auth rule allow: ${String(allow)}.`);
  const provider = (raw.provider as AuthProvider | undefined) ?? DEFAULT_PROVIDER[allow];
  if (!PROVIDERS[allow].includes(provider)) {
    throw new HearthError('ConfigError', `${where}: the '${provider}' provider cannot be used with allow: ${allow}.`);
  }
  const rule: AuthRuleIR = { allow, provider, operations: expandOperations(raw.operations as string[] | undefined, where) };
  if (allow === 'owner') {
    rule.ownerField = (raw.ownerField as string | undefined) ?? 'owner';
    // Gen 2 turns on useSubUsernameForDefaultIdentityClaim: the owner value is `<sub>::<username>`
    rule.identityClaim = (raw.identityClaim as string | undefined) ?? 'sub::username';
  }
  if (allow === 'groups') {
    const groups = raw.groups;
    // the transformer accepts a single dynamic group written as a string
    if (groups) rule.groups = Array.isArray(groups) ? (groups as string[]) : [String(groups)];
    if (raw.groupsField) rule.groupsField = raw.groupsField as string;
    if (!rule.groups && !rule.groupsField) rule.groupsField = 'groups';
    rule.groupClaim = (raw.groupClaim as string | undefined) ?? 'cognito:groups';
  }
  return rule;
}

function expandOperations(ops: string[] | undefined, where: string): ModelOperation[] {
  if (!ops) return [...ALL];
  const out = new Set<ModelOperation>();
  for (const op of ops) {
    if (!KNOWN_OPS.has(op))
      throw new HearthError('ConfigError', `${where}: unknown operation '${op}' in an authorization rule's .to([...]).`);
    if (op === 'read') for (const r of READ) out.add(r);
    else out.add(op as ModelOperation);
  }
  return [...out];
}

/**
 * A field's `@auth` rules. `delete` is left out: the transformer protects deletes only with the
 * model's rules (a record is deleted whole), so a field rule never grants or refuses it.
 */
export function compileFieldAuthRules(raw: unknown, where: string): AuthRuleIR[] {
  const rules = Array.isArray(raw) ? (raw as Record<string, unknown>[]) : [];
  return rules.map((r) => {
    const rule = compileAuthRule(r, where);
    return { ...rule, operations: rule.operations.filter((op) => op !== 'delete') };
  });
}
