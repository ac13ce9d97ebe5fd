import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handlerFunction, tempProject } from '../../test/support/function-fakes.js';
import { makeDefinition } from '../backend/definition.js';
import { buildOutputs } from '../codegen/outputs.js';
import { buildLambdaEnv } from '../functions/lambda-env.js';
import { compileAuth } from './compile-auth.js';
import { FunctionTable } from './compile-functions.js';
import type { AuthIR, BackendIR } from './types.js';

const WHERE = 'amplify/auth/resource.ts';

async function compile(props: Record<string, unknown>, root?: string) {
  const functions = new FunctionTable(root ?? '/app');
  const auth = compileAuth({ props: { loginWith: { email: true }, ...props }, definedIn: '/app/amplify/auth/resource.ts' } as never, {
    appName: 'app',
    region: 'us-east-1',
    functions,
    where: WHERE,
  });
  return { auth, functions };
}

async function fnDef(root: string, name: string) {
  const fn = await handlerFunction(root, name, 'export const handler = async (e) => e;');
  return makeDefinition('function', { name, entry: fn.entry }, join(root, 'amplify', name, 'resource.ts'));
}

describe('defineAuth options', () => {
  it('userAttributes: standard names as CDK spells them, custom ones with type, bounds and mutability', async () => {
    const { auth } = await compile({
      userAttributes: {
        givenName: { required: true },
        preferredUsername: { mutable: false },
        'custom:age': { dataType: 'Number', min: 0, max: 150, mutable: false },
        'custom:bio': { dataType: 'String', maxLen: 20 },
      },
    });
    expect(auth.requiredAttributes).toEqual(['email', 'given_name']);
    expect(auth.userAttributes).toEqual({
      given_name: { dataType: 'String', required: true, mutable: true, custom: false },
      preferred_username: { dataType: 'String', required: false, mutable: false, custom: false },
      'custom:age': { dataType: 'Number', required: false, mutable: false, custom: true, min: 0, max: 150 },
      'custom:bio': { dataType: 'String', required: false, mutable: true, custom: true, max: 20 },
    });
    await expect(compile({ userAttributes: { favouriteColour: {} } })).rejects.toThrow(
      /amplify\/auth\/resource.ts: unknown user attribute "favouriteColour"/,
    );
    await expect(compile({ userAttributes: { 'custom:x': { required: true } } })).rejects.toThrow(/cannot be required/);
  });

  it('verification and invitation emails: the message functions are called with Cognito placeholders', async () => {
    const { auth } = await compile({
      loginWith: {
        email: {
          verificationEmailStyle: 'LINK',
          verificationEmailSubject: 'Welcome aboard',
          verificationEmailBody: (createLink: (t?: string) => string) => `Hi! ${createLink('Confirm my account')}`,
          userInvitation: {
            emailSubject: 'You are invited',
            emailBody: (u: () => string, c: () => string) => `Log in as ${u()} with ${c()}`,
          },
        },
      },
      senders: { email: { fromEmail: 'hello@myapp.example', fromName: 'My App' } },
    });
    expect(auth.verificationEmail).toEqual({ style: 'LINK', subject: 'Welcome aboard', body: 'Hi! {##Confirm my account##}' });
    expect(auth.userInvitation).toEqual({ subject: 'You are invited', body: 'Log in as {username} with {####}' });
    expect(auth.emailSender).toEqual({ fromEmail: 'hello@myapp.example', fromName: 'My App' });
    const code = await compile({ loginWith: { email: { verificationEmailBody: (createCode: () => string) => `Code: ${createCode()}` } } });
    expect(code.auth.verificationEmail).toEqual({ style: 'CODE', body: 'Code: {####}' });
  });

  it('groups keep their order as precedence, in the IR and in amplify_outputs.json', async () => {
    const { auth } = await compile({ groups: ['ADMINS', 'EDITORS'] });
    expect(auth.groupPrecedence).toEqual({ ADMINS: 0, EDITORS: 1 });
    const ir: BackendIR = { projectRoot: '/app', region: 'us-east-1', auth, functions: [], addedOutputs: [] };
    const out = buildOutputs(ir, { baseUrl: 'http://x', dataUrl: 'http://x/graphql', cognitoUrl: 'http://x' }).auth as Record<
      string,
      unknown
    >;
    expect(out).toMatchObject({
      groups: [{ ADMINS: { precedence: 0 } }, { EDITORS: { precedence: 1 } }],
      standard_required_attributes: ['email'],
      user_verification_types: ['email'],
    });
  });

  it('access: a granted function may call the operations of its actions and gets AMPLIFY_AUTH_USERPOOL_ID', async () => {
    const root = await tempProject('hearth-access-');
    const fn = await fnDef(root, 'add-to-group');
    const { auth, functions } = await compile(
      { access: (allow: any) => [allow.resource(fn).to(['addUserToGroup', 'manageGroups'])] },
      root,
    );
    expect(auth.access).toEqual({
      'add-to-group': ['AdminAddUserToGroup', 'CreateGroup', 'DeleteGroup', 'GetGroup', 'ListGroups', 'UpdateGroup'],
    });
    const ir = functions.all()[0]!;
    const creds = { accessKeyId: 'a', secretAccessKey: 's', sessionToken: 't', expiration: 0 };
    expect(buildLambdaEnv({ fn: ir, region: 'us-east-1', credentials: creds, taskRoot: '/x' }).AMPLIFY_AUTH_USERPOOL_ID).toBe(
      'us-east-1_hearth',
    );
    await expect(compile({ access: (allow: any) => [allow.resource(fn).to(['fly'])] }, root)).rejects.toThrow(
      /unknown auth access action "fly"/,
    );
  });

  it('preTokenGeneration: a bare function is V1; { handler, version } picks V2', async () => {
    const root = await tempProject('hearth-pretoken-');
    const fn = await fnDef(root, 'pre-token');
    const v1 = (await compile({ triggers: { preTokenGeneration: fn } }, root)).auth as AuthIR;
    expect(v1.triggers.preTokenGeneration).toBe('pre-token');
    expect(v1.preTokenGenerationVersion).toBeUndefined();
    const v2 = (await compile({ triggers: { preTokenGeneration: { handler: fn, version: 'v2_0' } } }, root)).auth;
    expect(v2).toMatchObject({ triggers: { preTokenGeneration: 'pre-token' }, preTokenGenerationVersion: '2' });
  });
});
