import { describe, expect, it } from 'vitest';
import { createTestAuth } from '../../test/support/auth-fakes.js';
import { CODE_TTL_MS, MAX_CODE_ATTEMPTS } from './codes.js';

async function pending() {
  const t = await createTestAuth();
  const clientId = t.ir.userPoolClientId;
  await t.auth.signUp({ clientId, username: 'jane@example.com', password: 'Passw0rd!', attributes: {} });
  const code = t.mailer.lastCode('jane@example.com');
  const confirm = (c: string) => t.auth.confirmSignUp({ clientId, username: 'jane@example.com', code: c });
  const wrong = code === '000000' ? '111111' : '000000';
  return { t, code, wrong, confirm };
}

describe('confirmation codes', () => {
  it('are stored hashed, never in clear', async () => {
    const { t, code } = await pending();
    const rows = await t.db.selectFrom('hearth_codes').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(code);
  });

  it('work once', async () => {
    const { code, confirm } = await pending();
    await confirm(code);
    await expect(confirm(code)).rejects.toMatchObject({
      code: 'NotAuthorized',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
  });

  it('expire after 24 hours', async () => {
    const { t, code, confirm } = await pending();
    t.clock.advance(CODE_TTL_MS + 1);
    await expect(confirm(code)).rejects.toMatchObject({ code: 'ExpiredCode' });
  });

  it(`stop working after ${MAX_CODE_ATTEMPTS} wrong tries, until a new one is sent`, async () => {
    const { t, code, wrong, confirm } = await pending();
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) await expect(confirm(wrong)).rejects.toMatchObject({ code: 'CodeMismatch' });
    await expect(confirm(code)).rejects.toMatchObject({ code: 'TooManyFailedAttempts' });
    await t.auth.resendConfirmationCode({ clientId: t.ir.userPoolClientId, username: 'jane@example.com' });
    await confirm(t.mailer.lastCode('jane@example.com'));
    expect((await t.users.byUsername('jane@example.com'))?.status).toBe('CONFIRMED');
  });

  it('read as a wrong code for an unknown user', async () => {
    const { t } = await pending();
    await expect(
      t.auth.confirmSignUp({ clientId: t.ir.userPoolClientId, username: 'ghost@example.com', code: '123456' }),
    ).rejects.toMatchObject({ code: 'CodeMismatch' });
  });

  it("arrive by email with Cognito's default wording", async () => {
    const { t, code } = await pending();
    expect(t.mailer.sent[0]).toMatchObject({
      to: 'jane@example.com',
      subject: 'Your verification code',
      text: `Your verification code is ${code}.`,
    });
    expect(t.mailer.sent[0]?.html).toContain(code);
  });
});
