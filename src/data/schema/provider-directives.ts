import type { AuthProvider } from '../../ir/types.js';

/** The AppSync directive through which each auth provider reaches a type or field (reference §4). */
export const DIRECTIVE_BY_PROVIDER: Record<AuthProvider, string> = {
  apiKey: '@aws_api_key',
  identityPool: '@aws_iam',
  iam: '@aws_iam',
  userPools: '@aws_cognito_user_pools',
  oidc: '@aws_oidc',
  function: '@aws_lambda',
};
