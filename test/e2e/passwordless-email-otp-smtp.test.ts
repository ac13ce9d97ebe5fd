/**
 * The EMAIL_OTP sign-in code over SMTP, as `hearth start` sends mail (no dev mailbox): Hearth in
 * process with HEARTH_SMTP_URL pointing at a real smtp-server; the unmodified aws-amplify client
 * signs up (confirmation code by SMTP) and signs in with `preferredChallenge: 'EMAIL_OTP'`
 * (sign-in code by SMTP, in Cognito's default wording when no customMessage trigger rewrites it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { confirmSignIn, confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configureAmplify } from '../../src/client/index.js';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { copyExample } from '../support/app-copy.js';
import { type Received, startSmtpServer, type TestSmtpServer } from '../support/smtp-fakes.js';

const AUTH_RESOURCE = `import { defineAuth } from '@aws-amplify/backend';
import { postConfirmation } from './post-confirmation/resource';

export const auth = defineAuth({
  loginWith: { email: { otpLogin: true } },
  triggers: { postConfirmation },
});
`;

let app: ReturnType<typeof copyExample>;
let backend: RunningBackend;
let smtp: TestSmtpServer;
const saved = { ...process.env };
const email = `otp-smtp-${Date.now().toString(36)}@example.com`;

/** The newest message to `to` matching `pattern`, waiting up to 5 s. */
async function mailTo(to: string, pattern: RegExp): Promise<Received & { match: RegExpExecArray }> {
  for (let i = 0; i < 200; i++) {
    const got = smtp.received.filter((m) => m.to.includes(to)).reverse();
    for (const m of got) {
      const match = pattern.exec(m.raw);
      if (match) return { ...m, match };
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no mail to ${to} matching ${pattern}`);
}

beforeAll(async () => {
  app = copyExample('user-profile');
  writeFileSync(join(app.dir, 'amplify/auth/resource.ts'), AUTH_RESOURCE);
  smtp = await startSmtpServer({ secure: false, user: 'mailer', pass: 's3cret' });
  process.env.HEARTH_SMTP_URL = `smtp://mailer:s3cret@127.0.0.1:${smtp.port}`;
  backend = await startBackend({ projectRoot: app.dir, host: '127.0.0.1', port: 0, mailbox: false, logger: silentLogger });
  configureAmplify(JSON.parse(readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8')));
}, 60_000);

afterAll(async () => {
  process.env = saved;
  await signOut().catch(() => {});
  await backend?.close();
  await smtp?.close();
  app?.remove();
});

it('mails the sign-in code over SMTP and signs in with it', async () => {
  await signUp({ username: email, password: 'Correct-horse-9', options: { userAttributes: { email } } });
  const confirmation = await mailTo(email, /Your verification code is (\d{6})/);
  await confirmSignUp({ username: email, confirmationCode: confirmation.match[1] ?? '' });
  const first = await signIn({ username: email, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
  expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  const otp = await mailTo(email, /Your sign-in code is (\d{6})/);
  expect(otp.raw).toMatch(/^Subject: Your sign-in code$/m);
  expect(await confirmSignIn({ challengeResponse: otp.match[1] ?? '' })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  expect((await fetchAuthSession()).tokens?.idToken?.payload.email).toBe(email);
});
