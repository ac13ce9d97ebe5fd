/**
 * USER_SRP_AUTH in two stateless steps (reference §B). Step 1 answers PASSWORD_VERIFIER and packs
 * the per-login state (sub, b, B, A, issue time, client) into SECRET_BLOCK, sealed with AES-GCM,
 * so step 2 may land on any instance. An unknown user gets a decoy challenge with a stable salt
 * and fails at step 2 like a wrong password, as Cognito does when user existence errors are prevented.
 * A SECRET_BLOCK is answered once: its use is recorded until it expires, so a captured step-2
 * request cannot be replayed. Wrong answers count towards the lockout (lockout.ts).
 * A decoy's step 2 costs what a wrong password costs (the same key derivation, statements and
 * error), so its answer time does not tell that the user does not exist.
 */
import { createHmac } from 'node:crypto';
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { sha256Hex } from '../util/secure-compare.js';
import { assertClient } from './client-check.js';
import type { AuthContext } from './context.js';
import type { FinishDeps } from './finish-sign-in.js';
import { assertNotLocked, recordFailure } from './lockout.js';
import type { PasswordVerifierInput, SignInResult, SrpChallenge } from './service-types.js';
import { finishProvenSignIn, incorrectCredentials, passwordProven } from './sign-in-password.js';
import { type SignInTriggerDeps, userForSignIn } from './sign-in-triggers.js';
import { modPow, SRP_G, srpServerChallenge, srpSessionKey, verifyPasswordClaim } from './srp.js';
import { isSrpTimestampFresh } from './srp-timestamp.js';

export const SRP_CHALLENGE_TTL_MS = 5 * 60 * 1000;

interface SecretBlock {
  /** absent for the decoy challenge of an unknown user */
  sub?: string;
  userId: string;
  b: string;
  B: string;
  A: string;
  iat: number;
  clientId: string;
}

type StartDeps = Pick<AuthContext, 'ir' | 'users' | 'clock' | 'secretBox' | 'decoyKey'> & SignInTriggerDeps;

function decoy(d: StartDeps, username: string): { salt: string; userId: string } {
  const mac = createHmac('sha256', d.decoyKey).update(username.toLowerCase()).digest('hex');
  const id = `${mac.slice(0, 8)}-${mac.slice(8, 12)}-4${mac.slice(13, 16)}-a${mac.slice(17, 20)}-${mac.slice(20, 32)}`;
  return { salt: mac.slice(32, 64), userId: id };
}

const decoyVerifiers = new WeakMap<Buffer, string>();

/** The verifier decoy challenges are made and answered with: fixed per pool and secret, so no claim matches it. */
function decoyVerifier(decoyKey: Buffer): string {
  let v = decoyVerifiers.get(decoyKey);
  if (!v) {
    const x = createHmac('sha256', decoyKey).update('decoy-verifier').digest('hex');
    v = modPow(SRP_G, BigInt(`0x${x}`)).toString(16);
    decoyVerifiers.set(decoyKey, v);
  }
  return v;
}

/**
 * Whom a decoy's step 2 reads and fails as: no sub has this form (subs are UUIDs), so its statements
 * touch no user, and its sign-in history is one list trimmed like any user's.
 */
const DECOY_SUB = '(srp decoy)';

export async function startSrpSignIn(d: StartDeps, i: { clientId: string; username: string; srpA: string }): Promise<SrpChallenge> {
  assertClient(d.ir, i.clientId);
  if (!/^[0-9a-fA-F]{1,1024}$/.test(i.srpA) || /^0*$/.test(i.srpA)) throw new HearthError('InvalidParameter', 'Invalid SRP_A.');
  const user = await userForSignIn(d, i);
  const { salt, userId } = user ? { salt: user.srpSalt, userId: user.sub } : decoy(d, i.username);
  const { b, B } = srpServerChallenge(user?.srpVerifier ?? decoyVerifier(d.decoyKey));
  const block: SecretBlock = {
    ...(user ? { sub: user.sub } : {}),
    userId,
    b,
    B,
    A: i.srpA.toLowerCase(),
    iat: d.clock.now(),
    clientId: i.clientId,
  };
  return { salt, srpB: B, secretBlock: d.secretBox.seal(block), userIdForSrp: userId };
}

type RespondDeps = FinishDeps & Pick<AuthContext, 'poolName' | 'decoyKey'> & Partial<Pick<AuthContext, 'signIns' | 'logger'>>;

function openBlock(d: RespondDeps, i: PasswordVerifierInput): SecretBlock {
  const block = d.secretBox.open(i.secretBlock) as SecretBlock | undefined;
  if (!block || block.clientId !== i.clientId) throw incorrectCredentials();
  if (d.clock.now() - block.iat > SRP_CHALLENGE_TTL_MS) {
    throw new HearthError('NotAuthorized', 'Invalid session for the user, session is expired.');
  }
  if (block.userId !== i.username) throw incorrectCredentials();
  return block;
}

/**
 * Spends the SECRET_BLOCK and reads the user it names (one round trip where the store can); a decoy
 * reads DECOY_SUB, so it makes the same statements.
 */
async function spendBlock(d: RespondDeps, i: PasswordVerifierInput, block: SecretBlock): Promise<UserRecord | undefined> {
  const key = `srp:${sha256Hex(i.secretBlock)}`;
  const expiresAt = block.iat + SRP_CHALLENGE_TTL_MS;
  const { fresh, user } = await d.users.spendOnceAndRead(key, expiresAt, d.clock.now(), block.sub ?? DECOY_SUB);
  if (!fresh) throw new HearthError('NotAuthorized', 'Invalid session for the user, session can only be used once.');
  return user;
}

export async function respondPasswordVerifier(d: RespondDeps, i: PasswordVerifierInput): Promise<SignInResult> {
  assertClient(d.ir, i.clientId);
  const block = openBlock(d, i);
  if (!isSrpTimestampFresh(i.timestamp, d.clock.now())) {
    throw new HearthError('NotAuthorized', 'TIMESTAMP is missing, malformed or too far from the server time.');
  }
  // no user: a decoy, or a user deleted since step 1
  const user = await spendBlock(d, i, block);
  if (user) assertNotLocked(d, user, 'SRP');
  const key = srpSessionKey({ A: block.A, B: block.B, b: block.b, verifier: user?.srpVerifier ?? decoyVerifier(d.decoyKey) });
  const claim = { poolName: d.poolName, userId: block.userId, secretBlock: i.secretBlock, timestamp: i.timestamp };
  const matches = Boolean(key && verifyPasswordClaim({ ...claim, key, signature: i.signature }));
  if (!user) {
    await recordFailure(d, { sub: DECOY_SUB }, 'SRP');
    throw incorrectCredentials();
  }
  return finishProvenSignIn(d, user, i.clientId, await passwordProven(d, user, { matches }, 'SRP'));
}
