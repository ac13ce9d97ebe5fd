/**
 * The sign-ins behind the hosted pages. Each ends in an authorization code for the request: the
 * tokens are minted then, through the same minting (and triggers) as the Cognito API, with the
 * request's scopes in the access token and its nonce in the ID token.
 */
import type { UserRecord } from '../../db/ports.js';
import { HearthError } from '../../util/errors.js';
import type { AuthContext } from '../context.js';
import { signInFederated } from '../federation/sign-in-federated.js';
import type { FederatedIdentity } from '../federation/types.js';
import { respondToChallenge } from '../respond-challenge.js';
import type { AuthChallenge, SignInResult } from '../service-types.js';
import { startSession } from '../sessions.js';
import { signInWithPassword } from '../sign-in-password.js';
import { type CodeDeps, issueCode } from './authorization-codes.js';
import { type AuthorizeRequest, withQuery } from './authorize-request.js';
import { rememberScopes } from './session-scopes.js';

export type HostedDeps = AuthContext & Pick<CodeDeps, 'codes'>;

/** Where the browser goes next: back to the app with a code, or to the next step of the sign-in. */
export type HostedOutcome = { redirect: string } | { challenge: AuthChallenge };

/** The context with minting that stamps the request's scopes and nonce on the tokens, and keeps the scopes for refreshes. */
function forRequest(d: HostedDeps, r: AuthorizeRequest): HostedDeps {
  const oauth = { scopes: r.scopes, ...(r.nonce !== undefined && { nonce: r.nonce }) };
  const mint: HostedDeps['mint'] = async (i) => {
    const tokens = await d.mint({ ...i, oauth });
    await rememberScopes(d.codes, { originJti: i.originJti, scopes: r.scopes, now: d.clock.now() });
    return tokens;
  };
  return { ...d, mint };
}

async function outcome(d: HostedDeps, r: AuthorizeRequest, result: SignInResult): Promise<HostedOutcome> {
  if ('challengeName' in result) return { challenge: result };
  const code = await issueCode(d, r, result);
  return { redirect: withQuery(r.redirectUri, { code, state: r.state }) };
}

/** The hosted page's email and password (USER_PASSWORD_AUTH: lockout, userMigration, preAuthentication). */
export async function hostedPasswordSignIn(
  d: HostedDeps,
  r: AuthorizeRequest,
  i: { username: string; password: string },
): Promise<HostedOutcome> {
  const result = await signInWithPassword(forRequest(d, r), { clientId: r.clientId, username: i.username, password: i.password });
  return outcome(d, r, result);
}

/** The hosted page's answer to an MFA challenge (a TOTP or an emailed code). */
export async function hostedChallengeAnswer(
  d: HostedDeps,
  r: AuthorizeRequest,
  i: { challengeName: string; session: string; code: string },
): Promise<HostedOutcome> {
  const key = { SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE', EMAIL_OTP: 'EMAIL_OTP_CODE' }[i.challengeName];
  if (!key) throw new HearthError('NotSupported', `The hosted page cannot answer ${i.challengeName}; sign in from the app.`);
  const responses = { [key]: i.code };
  const result = await respondToChallenge(forRequest(d, r), {
    clientId: r.clientId,
    challengeName: i.challengeName,
    session: i.session,
    responses,
  });
  return outcome(d, r, result);
}

/** A sign-in through an identity provider (the sandbox's test page, or the real one in production). */
export async function hostedFederatedSignIn(d: HostedDeps, r: AuthorizeRequest, identity: FederatedIdentity): Promise<HostedOutcome> {
  const { sub } = await signInFederated(d, identity, { clientId: r.clientId });
  const user: UserRecord | undefined = await d.users.bySub(sub);
  if (!user) throw new HearthError('Internal', 'The federated user vanished during sign-in.');
  // Cognito asks federated users for no MFA: their provider authenticated them
  return outcome(d, r, await startSession(forRequest(d, r), user, r.clientId));
}
