/**
 * The Amplify docs' "add a user to a group on confirmation" app, run by the real backend: the
 * post-confirmation function is granted addUserToGroup with defineAuth `access` and calls the
 * unmodified AWS SDK with its own credentials; the verification code travels over SMTP (TLS with
 * a self-signed certificate the backend is told to trust) to a real smtp-server; the new member's
 * token carries the group and the data API's allow.group rule admits them. The sandbox's admin key
 * is in .amplify/hearth, never in amplify_outputs.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../support/app-copy.js';
import { selfSignedCert, startSmtpServer, type TestSmtpServer } from '../support/smtp-fakes.js';

const files: Record<string, string> = {
  'package.json': '{"name":"groups-app","type":"module"}',
  'amplify/package.json': '{"type":"module"}',
  'amplify/backend.ts': `import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
import { data } from './data/resource';
defineBackend({ auth, data });
`,
  'amplify/auth/resource.ts': `import { defineAuth } from '@aws-amplify/backend';
import { postConfirmation } from './post-confirmation/resource';

export const auth = defineAuth({
  loginWith: { email: { verificationEmailSubject: 'Welcome to Groups', verificationEmailBody: (createCode) => \`Your code is \${createCode()}\` } },
  senders: { email: { fromEmail: 'hello@groups.example', fromName: 'Groups' } },
  groups: ['ADMINS', 'EVERYONE'],
  triggers: { postConfirmation },
  access: (allow) => [allow.resource(postConfirmation).to(['addUserToGroup'])],
});
`,
  'amplify/auth/post-confirmation/resource.ts': `import { defineFunction } from '@aws-amplify/backend';
export const postConfirmation = defineFunction({ name: 'post-confirmation', environment: { GROUP_NAME: 'EVERYONE' } });
`,
  'amplify/auth/post-confirmation/handler.ts': `import type { PostConfirmationTriggerHandler } from 'aws-lambda';
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { env } from '$amplify/env/post-confirmation';

const client = new CognitoIdentityProviderClient();

export const handler: PostConfirmationTriggerHandler = async (event) => {
  await client.send(new AdminAddUserToGroupCommand({ GroupName: env.GROUP_NAME, Username: event.userName, UserPoolId: env.AMPLIFY_AUTH_USERPOOL_ID }));
  return event;
};
`,
  'amplify/data/resource.ts': `import { type ClientSchema, a, defineData } from '@aws-amplify/backend';
const schema = a.schema({
  Notice: a.model({ text: a.string() }).authorization((allow) => [allow.group('EVERYONE')]),
});
export type Schema = ClientSchema<typeof schema>;
export const data = defineData({ schema, authorizationModes: { defaultAuthorizationMode: 'userPool' } });
`,
};

const dir = join(repoRoot, 'test-artifacts', `groups-${randomBytes(4).toString('hex')}`);
let backend: RunningBackend;
let smtp: TestSmtpServer;
const saved = { ...process.env };

beforeAll(async () => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const tls = await selfSignedCert();
  smtp = await startSmtpServer({ secure: true, tls, user: 'mailer', pass: 's3cret' });
  writeFileSync(join(dir, 'smtp-ca.pem'), tls.cert);
  process.env.HEARTH_SMTP_URL = `smtps://mailer:s3cret@localhost:${smtp.port}`;
  process.env.HEARTH_SMTP_CA_FILE = join(dir, 'smtp-ca.pem');
  backend = await startBackend({ projectRoot: dir, host: '127.0.0.1', port: 0, mailbox: true, logger: silentLogger });
}, 60_000);

afterAll(async () => {
  process.env = saved;
  await backend?.close();
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function codeFromSmtp(to: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const got = smtp.received.find((m) => m.to.includes(to));
    const code = got && /Your code is (\d{6})/.exec(got.raw)?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no mail to ${to}`);
}

it('signs up over SMTP, joins the group in postConfirmation via `access`, and passes allow.group', async () => {
  const outputs = readFileSync(join(dir, 'amplify_outputs.json'), 'utf8');
  const auth = JSON.parse(outputs).auth;
  expect(auth.groups).toEqual([{ ADMINS: { precedence: 0 } }, { EVERYONE: { precedence: 1 } }]);
  const adminKey = JSON.parse(readFileSync(join(dir, '.amplify', 'hearth', 'admin-credentials.json'), 'utf8'));
  expect(outputs).not.toContain(adminKey.secretAccessKey);

  const endpoint = backend.urls.cognito;
  const client = new CognitoIdentityProviderClient({
    endpoint,
    region: auth.aws_region,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  const admin = new CognitoIdentityProviderClient({ endpoint, region: auth.aws_region, credentials: adminKey, maxAttempts: 1 });
  const ClientId = auth.user_pool_client_id;
  const email = 'new.member@example.com';
  const up = await client.send(
    new SignUpCommand({ ClientId, Username: email, Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: email }] }),
  );

  const code = await codeFromSmtp(email);
  const mail = smtp.received.find((m) => m.to.includes(email))!;
  expect(mail.from).toBe('hello@groups.example');
  expect(mail.raw).toContain('Subject: Welcome to Groups');
  await client.send(new ConfirmSignUpCommand({ ClientId, Username: email, ConfirmationCode: code }));

  const groups = await admin.send(new ListGroupsCommand({ UserPoolId: auth.user_pool_id }));
  expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['ADMINS', 'EVERYONE']);
  expect((await admin.send(new AdminGetUserCommand({ UserPoolId: auth.user_pool_id, Username: up.UserSub }))).UserStatus).toBe('CONFIRMED');

  const signIn = await client.send(
    new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: 'Passw0rd!' } }),
  );
  const token = signIn.AuthenticationResult!.AccessToken!;
  expect(decodeJwt(token)['cognito:groups']).toEqual(['EVERYONE']);

  const res = await fetch(backend.urls.data, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ query: 'mutation { createNotice(input: { text: "hi all" }) { id text } }' }),
  });
  const body = (await res.json()) as { data: { createNotice: { text: string } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(body.data.createNotice.text).toBe('hi all');
  client.destroy();
  admin.destroy();
}, 60_000);
