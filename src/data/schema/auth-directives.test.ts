import { describe, expect, it } from 'vitest';
import { dataIR, field, model, rules } from '../../../test/support/data-builders.js';
import type { AuthRuleIR } from '../../ir/types.js';
import { modelDirectives, schemaDirectives } from './auth-directives.js';
import { printServedSdl } from './print-served-sdl.js';

const readOnly = (r: AuthRuleIR): AuthRuleIR => ({ ...r, operations: ['get', 'list', 'sync', 'listen', 'search'] });
const custom: AuthRuleIR = { allow: 'custom', provider: 'function', operations: ['create', 'update', 'delete', 'get', 'list', 'listen'] };

describe('AppSync auth directives (reference §4)', () => {
  it.each([
    ['owner only (the docs UserProfile)', [rules.owner()], ['@aws_iam', '@aws_cognito_user_pools']],
    ['API key only', [rules.publicApiKey()], ['@aws_iam', '@aws_api_key']],
    [
      'guest and authenticated identity pool: IAM once',
      [rules.guest(), { ...rules.authenticated(), provider: 'identityPool' as const }],
      ['@aws_iam'],
    ],
    ['custom (Lambda)', [custom], ['@aws_iam', '@aws_lambda']],
    ['oidc', [{ ...rules.authenticated(), provider: 'oidc' as const }], ['@aws_iam', '@aws_oidc']],
    [
      'several providers, one directive each',
      [rules.owner(), rules.groups(['A']), rules.publicApiKey(), custom],
      ['@aws_iam', '@aws_cognito_user_pools', '@aws_api_key', '@aws_lambda'],
    ],
  ])('%s', (_name, authRules, expected) => {
    expect(modelDirectives(model('T', [field('x')], { authRules }))).toEqual(expected);
  });

  it('field rules put their provider on the type', () => {
    const m = model('T', [field('x', 'String', { authRules: [rules.publicApiKey()] })], { authRules: [rules.owner()] });
    expect(modelDirectives(m)).toEqual(['@aws_iam', '@aws_cognito_user_pools', '@aws_api_key']);
  });

  it('root fields carry only the providers of rules granting that operation', () => {
    const m = model('Post', [field('title')], { authRules: [readOnly(rules.publicApiKey()), rules.owner()] });
    const sdl = printServedSdl(dataIR([m]));
    expect(sdl).toContain('getPost(id: ID!): Post @aws_iam @aws_api_key @aws_cognito_user_pools\n');
    expect(sdl).toContain(
      'createPost(input: CreatePostInput!, condition: ModelPostConditionInput): Post @aws_iam @aws_cognito_user_pools\n',
    );
    expect(sdl).toMatch(
      /onCreatePost\(.*\): Post @aws_subscribe\(mutations: \["createPost"\]\) @aws_iam @aws_api_key @aws_cognito_user_pools\n/,
    );
    expect(sdl).toContain('type Post @aws_iam @aws_api_key @aws_cognito_user_pools {');
  });

  it('non-model types carry the union over models', () => {
    const ir = dataIR([model('A', [field('x')], { authRules: [rules.owner()] }), model('B', [field('y')], { authRules: [custom] })]);
    expect(schemaDirectives(ir)).toEqual(['@aws_iam', '@aws_cognito_user_pools', '@aws_lambda']);
  });
});
