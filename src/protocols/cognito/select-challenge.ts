import type { AuthService } from '../../auth/index.js';
import { HearthError } from '../../util/errors.js';
import { srp } from './initiate-auth.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredEntry, requiredString, stringMap } from './params.js';
import { signInResponse } from './wire.js';

type Auth = Pick<AuthService, 'openFirstFactorChoice' | 'signInWithPassword' | 'startSrpSignIn'>;

/**
 * RespondToAuthChallenge SELECT_CHALLENGE (USER_AUTH): the client answers with its first factor,
 * `{ANSWER: 'PASSWORD', USERNAME, PASSWORD}` (tokens or the next challenge) or
 * `{ANSWER: 'PASSWORD_SRP', USERNAME, SRP_A}` (PASSWORD_VERIFIER, then SRP as usual).
 */
export async function respondSelectChallenge(auth: Auth, body: JsonBody) {
  const clientId = requiredString(body, 'ClientId');
  const r = stringMap(body, 'ChallengeResponses');
  const username = auth.openFirstFactorChoice({
    clientId,
    session: requiredString(body, 'Session'),
    username: requiredEntry(r, 'USERNAME'),
  });
  const answer = requiredEntry(r, 'ANSWER');
  if (answer === 'PASSWORD_SRP') return srp(auth, clientId, { ...r, USERNAME: username });
  if (answer === 'PASSWORD')
    return signInResponse(await auth.signInWithPassword({ clientId, username, password: requiredEntry(r, 'PASSWORD') }));
  throw new HearthError('InvalidParameter', `Hearth offers PASSWORD and PASSWORD_SRP as first factors, not ${answer}.`);
}
