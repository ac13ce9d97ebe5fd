/**
 * `hearth sandbox` on an app whose defineAuth turns on optional TOTP and email MFA, driven by the
 * unmodified aws-amplify v6 client: outputs carry the MFA settings, auto sign-in, TOTP setup, email
 * MFA at sign-in, password change and reset, account deletion; and the sandbox's output never
 * shows a password, code or token. On SQLite and on PostgreSQL.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  autoSignIn,
  confirmResetPassword,
  confirmSignIn,
  confirmSignUp,
  deleteUser,
  fetchAuthSession,
  fetchMFAPreference,
  resetPassword,
  setUpTOTP,
  signIn,
  signOut,
  signUp,
  updateMFAPreference,
  updatePassword,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/totp.js';
import { configureAmplify } from '../../src/client/index.js';
import { copyExample } from '../support/app-copy.js';
import { latestCode } from '../support/mailbox.js';
import { databaseFor, E2E_ENGINES } from '../support/pg-schema.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

const PASSWORD = 'Correct-horse-9';
const NEW_PASSWORD = 'Battery-staple-7';

const AUTH_RESOURCE = `import { defineAuth } from '@aws-amplify/backend';
import { postConfirmation } from './post-confirmation/resource';

export const auth = defineAuth({
  loginWith: { email: true },
  multifactor: { mode: 'OPTIONAL', totp: true, email: true },
  accountRecovery: 'EMAIL_ONLY',
  triggers: { postConfirmation },
});
`;

for (const engine of E2E_ENGINES) {
  const title = `account and MFA flows on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`;
  describe.skipIf(Boolean(engine.skip))(title, () => {
    let app: ReturnType<typeof copyExample>;
    let sandbox: SandboxProcess;
    let port: number;
    let db: Awaited<ReturnType<typeof databaseFor>> | undefined;
    const email = `mfa-${engine.name}-${Date.now().toString(36)}@example.com`;
    const secrets: string[] = [PASSWORD, NEW_PASSWORD];

    const outputs = () => JSON.parse(readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8'));
    const codeFor = async (to: string) => {
      const code = await latestCode(port, to, 0);
      secrets.push(code);
      return code;
    };
    const keepTokens = async () => {
      const s = await fetchAuthSession();
      secrets.push(s.tokens?.accessToken.toString() ?? '', s.tokens?.idToken?.toString() ?? '');
    };

    beforeAll(async () => {
      app = copyExample('user-profile');
      writeFileSync(join(app.dir, 'amplify/auth/resource.ts'), AUTH_RESOURCE);
      db = await databaseFor(engine.name);
      port = await freePort();
      sandbox = await startSandbox({ cwd: app.dir, port, databaseUrl: db?.url });
      configureAmplify(outputs());
    });

    afterAll(async () => {
      await signOut().catch(() => {});
      await sandbox?.stop();
      await db?.drop();
      app?.remove();
    });

    it('writes the MFA settings to amplify_outputs.json', () => {
      expect(outputs().auth).toMatchObject({ mfa_configuration: 'OPTIONAL', mfa_methods: ['TOTP', 'EMAIL'] });
    });

    it('signs up and is signed in automatically after confirming', async () => {
      const r = await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email }, autoSignIn: true } });
      expect(r.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
      const c = await confirmSignUp({ username: email, confirmationCode: await codeFor(email) });
      expect(c.nextStep.signUpStep).toBe('COMPLETE_AUTO_SIGN_IN');
      expect((await autoSignIn()).isSignedIn).toBe(true);
      await keepTokens();
    });

    it('sets up TOTP and email MFA, preferring email', async () => {
      const { sharedSecret } = await setUpTOTP();
      secrets.push(sharedSecret);
      await verifyTOTPSetup({ code: totpCode(sharedSecret, Date.now()) });
      await updateMFAPreference({ totp: 'ENABLED', email: 'PREFERRED' });
      expect(await fetchMFAPreference()).toEqual({ enabled: ['TOTP', 'EMAIL'], preferred: 'EMAIL' });
      await signOut();
    });

    it('asks for the mailed code at sign-in', async () => {
      const r = await signIn({ username: email, password: PASSWORD });
      expect(r.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
      expect((await confirmSignIn({ challengeResponse: await codeFor(email) })).isSignedIn).toBe(true);
      await keepTokens();
    });

    it('changes the password, then resets it from a mailed code', async () => {
      await updatePassword({ oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
      await signOut();
      const r = await resetPassword({ username: email });
      expect(r.nextStep.resetPasswordStep).toBe('CONFIRM_RESET_PASSWORD_WITH_CODE');
      await confirmResetPassword({ username: email, confirmationCode: await codeFor(email), newPassword: PASSWORD });
      await expect(signIn({ username: email, password: NEW_PASSWORD })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      await signIn({ username: email, password: PASSWORD });
      expect((await confirmSignIn({ challengeResponse: await codeFor(email) })).isSignedIn).toBe(true);
      await keepTokens();
    });

    it('deletes the account', async () => {
      await deleteUser();
      await expect(signIn({ username: email, password: PASSWORD })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    });

    it('never printed a password, code, TOTP secret or token outside the dev mailbox lines', () => {
      const out = sandbox.output();
      expect(out).toContain('ready');
      // the dev mailer prints each mail to the terminal on purpose (the sandbox's mailbox without a
      // mail server); codes may appear there and nowhere else
      const mailLine = new RegExp(`^.*to ${email.replace(/[.]/g, '\\.')} · .*$`, 'gm');
      expect(out.match(mailLine)?.length ?? 0).toBeGreaterThan(0);
      const rest = out.replace(mailLine, '');
      expect(secrets.filter((s) => s.length >= 6 && rest.includes(s))).toEqual([]);
    });
  });
}
