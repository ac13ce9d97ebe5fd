import type { AuthProvider, DataIR, ModelIR } from '../../ir/types.js';

const DIRECTIVE_BY_PROVIDER: Record<AuthProvider, string> = {
  apiKey: '@aws_api_key',
  identityPool: '@aws_iam',
  iam: '@aws_iam',
  userPools: '@aws_cognito_user_pools',
  oidc: '@aws_oidc',
  function: '@aws_lambda',
};

/**
 * One AppSync directive per auth provider that can reach the model. `@aws_iam` comes first and is
 * always present: Gen 2 always enables IAM (functions granted by allow.resource reach every model).
 */
export function modelDirectives(model: ModelIR): string[] {
  const out = ['@aws_iam'];
  for (const rule of model.authRules) {
    const d = DIRECTIVE_BY_PROVIDER[rule.provider];
    if (!out.includes(d)) out.push(d);
  }
  return out;
}

/** Non-model types are reachable through any model, so they carry the union of the models' directives. */
export function schemaDirectives(ir: DataIR): string[] {
  const out: string[] = [];
  for (const m of ir.models) for (const d of modelDirectives(m)) if (!out.includes(d)) out.push(d);
  return out.length ? out : ['@aws_iam'];
}
