import { APPSYNC_SCALARS } from '../../ir/types.js';

/**
 * AppSync's built-in scalars and directives. The served SDL (what AppSync's GetIntrospectionSchema
 * prints) never declares them; graphql-js cannot build a schema without them, so the executable
 * SDL is this prelude followed by the served SDL.
 * Names: amplify-graphql-transformer-core validation.ts and amplify-graphql-directives appsync/*.
 */
export { APPSYNC_SCALARS };

export const APPSYNC_PRELUDE = [
  ...APPSYNC_SCALARS.map((s) => `scalar ${s}`),
  'directive @aws_subscribe(mutations: [String!]!) on FIELD_DEFINITION',
  'directive @aws_auth(cognito_groups: [String!]!) on FIELD_DEFINITION',
  'directive @aws_api_key on FIELD_DEFINITION | OBJECT',
  'directive @aws_iam on FIELD_DEFINITION | OBJECT',
  'directive @aws_oidc on FIELD_DEFINITION | OBJECT',
  'directive @aws_lambda on FIELD_DEFINITION | OBJECT',
  'directive @aws_cognito_user_pools(cognito_groups: [String!]) on FIELD_DEFINITION | OBJECT',
].join('\n');
