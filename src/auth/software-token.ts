/**
 * TOTP authenticator setup: AssociateSoftwareToken hands out a new secret, VerifySoftwareToken
 * accepts it once the user's app shows a right code. Both work either with an access token
 * (setUpTOTP/verifyTOTPSetup of a signed-in user) or with the MFA_SETUP challenge's session
 * (sign-in to a pool that requires MFA), in which case the secret travels in the sealed session.
 * Secrets are stored sealed with the server's at-rest key.
 */
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { openChallenge, sealChallenge } from './challenge-session.js';
import type { AuthContext } from './context.js';
import { matchTotp, newTotpSecret, TOTP_STEP_MS } from './totp.js';

type Deps = Pick<AuthContext, 'ir' | 'users' | 'clock' | 'ids' | 'verifier' | 'secretBox' | 'storeBox'>;

export const sealSecret = (d: Pick<AuthContext, 'storeBox'>, secret: string) => d.storeBox.seal(secret);

function openSecret(d: Pick<AuthContext, 'storeBox'>, sealed: string | undefined): string | undefined {
  const v = sealed ? d.storeBox.open(sealed) : undefined;
  return typeof v === 'string' ? v : undefined;
}

/**
 * Checks a TOTP code against `secret` (default: the user's registered one). A code is good once:
 * its time step is recorded, so a code seen by someone else cannot be replayed within its window.
 */
export async function checkTotp(
  d: Pick<AuthContext, 'users' | 'clock' | 'storeBox'>,
  user: UserRecord,
  code: string,
  secret = openSecret(d, user.mfa?.totpSecret),
): Promise<boolean> {
  if (!secret) return false;
  const step = matchTotp(secret, code, d.clock.now());
  if (step === undefined) return false;
  return d.users.spendOnce(`totp:${user.sub}:${step}`, (step + 2) * TOTP_STEP_MS, d.clock.now());
}

function assertTotpPool(d: Pick<AuthContext, 'ir'>): void {
  if (!d.ir.mfa?.totp || d.ir.mfa.mode === 'OFF') {
    throw new HearthError('InvalidUserPoolConfiguration', 'Software token MFA is not enabled for this user pool.');
  }
}

export async function associateSoftwareToken(d: Deps, i: { accessToken?: string; session?: string }) {
  assertTotpPool(d);
  const secret = newTotpSecret();
  if (i.session) {
    const s = openChallenge(d, i.session);
    if (s.challenge !== 'MFA_SETUP') throw new HearthError('NotAuthorized', 'Invalid session for the user.');
    return {
      secretCode: secret,
      session: sealChallenge(d, { sub: s.sub, clientId: s.clientId, challenge: 'MFA_SETUP', totpSecret: secret }),
    };
  }
  const claims = await d.verifier.verifyAccessToken(i.accessToken ?? '');
  const user = await d.users.bySub(claims.sub);
  if (!user) throw new HearthError('NotAuthorized', 'Invalid Access Token');
  await d.users.update(user.sub, { mfa: { ...user.mfa, pendingTotpSecret: sealSecret(d, secret) }, updatedAt: d.clock.now() });
  return { secretCode: secret };
}

const mismatch = () => new HearthError('EnableSoftwareTokenMFA', 'Code mismatch');

export async function verifySoftwareToken(d: Deps, i: { accessToken?: string; session?: string; userCode: string }) {
  assertTotpPool(d);
  if (i.session) {
    const s = openChallenge(d, i.session);
    const user = await d.users.bySub(s.sub);
    if (s.challenge !== 'MFA_SETUP' || !s.totpSecret || !user) throw new HearthError('NotAuthorized', 'Invalid session for the user.');
    if (!(await checkTotp(d, user, i.userCode, s.totpSecret))) throw mismatch();
    const session = sealChallenge(d, {
      sub: s.sub,
      clientId: s.clientId,
      challenge: 'MFA_SETUP',
      totpSecret: s.totpSecret,
      totpVerified: true,
    });
    return { status: 'SUCCESS' as const, session };
  }
  const claims = await d.verifier.verifyAccessToken(i.accessToken ?? '');
  const user = await d.users.bySub(claims.sub);
  const pending = openSecret(d, user?.mfa?.pendingTotpSecret);
  if (!user || !pending) throw new HearthError('InvalidParameter', 'Call AssociateSoftwareToken first.');
  if (!(await checkTotp(d, user, i.userCode, pending))) throw mismatch();
  const { pendingTotpSecret: _used, ...rest } = user.mfa ?? {};
  await d.users.update(user.sub, { mfa: { ...rest, totpSecret: sealSecret(d, pending) }, updatedAt: d.clock.now() });
  return { status: 'SUCCESS' as const };
}
