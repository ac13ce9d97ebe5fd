/**
 * The newer Amplify docs' way for a function to reach the data API: `getAmplifyDataClientConfig(env)`
 * from `@aws-amplify/backend/function/runtime` and `client.models`, with the IAM credentials the
 * sandbox gives the function. The seed app's trigger is rewritten that way here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { copyExample } from '../support/app-copy.js';
import { latestCode } from '../support/mailbox.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

const handler = `import type { PostConfirmationTriggerHandler } from 'aws-lambda';
import { type Schema } from '../../data/resource';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { getAmplifyDataClientConfig } from '@aws-amplify/backend/function/runtime';
import { env } from '$amplify/env/post-confirmation';

const { resourceConfig, libraryOptions } = await getAmplifyDataClientConfig(env);
Amplify.configure(resourceConfig, libraryOptions);
const client = generateClient<Schema>();

export const handler: PostConfirmationTriggerHandler = async (event) => {
  const { errors } = await client.models.UserProfile.create({
    email: event.request.userAttributes.email,
    profileOwner: \`\${event.request.userAttributes.sub}::\${event.userName}\`,
  });
  if (errors) throw new Error(errors.map((e) => e.message).join('; '));
  return event;
};
`;

let app: ReturnType<typeof copyExample>;
let sandbox: SandboxProcess;
let port: number;

beforeAll(async () => {
  app = copyExample('user-profile');
  writeFileSync(join(app.dir, 'amplify/auth/post-confirmation/handler.ts'), handler);
  port = await freePort();
  sandbox = await startSandbox({ cwd: app.dir, port });
});

afterAll(async () => {
  await sandbox?.stop();
  app?.remove();
});

it('creates the profile through client.models with the function runtime config', async () => {
  const outputs = JSON.parse(readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8'));
  const cognito = async (op: string, body: object) => {
    const res = await fetch(`http://127.0.0.1:${port}/cognito`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` },
      body: JSON.stringify({ ClientId: outputs.auth.user_pool_client_id, ...body }),
    });
    return (await res.json()) as any;
  };
  const email = 'runtime@example.com';
  const password = 'Runtime-client-1';
  await cognito('SignUp', { Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] });
  const code = await latestCode(port, email);
  expect(await cognito('ConfirmSignUp', { Username: email, ConfirmationCode: code })).toEqual({ Session: expect.any(String) });
  const auth = await cognito('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } });
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth.AuthenticationResult.AccessToken },
    body: JSON.stringify({ query: '{ listUserProfiles { items { email profileOwner } } }' }),
  });
  const { sub } = JSON.parse(Buffer.from(auth.AuthenticationResult.AccessToken.split('.')[1], 'base64url').toString());
  expect(await res.json()).toEqual({ data: { listUserProfiles: { items: [{ email, profileOwner: sub }] } } });
});
