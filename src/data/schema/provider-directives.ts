import type { AuthProvider, AuthRuleIR } from '../../ir/types.js';

/** The AppSync directive through which each auth provider reaches a type or field (reference §4). */
const DIRECTIVE_BY_PROVIDER: Record<AuthProvider, string> = {
  apiKey: '@aws_api_key',
  identityPool: '@aws_iam',
  iam: '@aws_iam',
  userPools: '@aws_cognito_user_pools',
  oidc: '@aws_oidc',
  function: '@aws_lambda',
};

/**
 * One directive per provider the rules name, `@aws_iam` first and always: Gen 2 always enables
 * IAM (functions granted by allow.resource reach everything).
 */
export function ruleDirectives(rules: AuthRuleIR[]): string[] {
  const out = ['@aws_iam'];
  for (const rule of rules) {
    const d = DIRECTIVE_BY_PROVIDER[rule.provider];
    if (!out.includes(d)) out.push(d);
  }
  return out;
}
