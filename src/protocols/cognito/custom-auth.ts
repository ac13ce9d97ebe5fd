/**
 * CUSTOM_AUTH over the wire: InitiateAuth AuthFlow CUSTOM_AUTH and RespondToAuthChallenge
 * CUSTOM_CHALLENGE (the op files call these), answering CUSTOM_CHALLENGE with a Session, or the
 * usual sign-in result.
 */
import type { AuthService } from '../../auth/index.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredEntry, requiredString, stringMap } from './params.js';
import { signInResponse } from './wire.js';

type Result = Awaited<ReturnType<AuthService['startCustomAuth']>>;

function customResponse(r: Result) {
  if ('challengeName' in r && r.challengeName === 'CUSTOM_CHALLENGE') {
    return { ChallengeName: r.challengeName, Session: r.session, ChallengeParameters: r.parameters };
  }
  return signInResponse(r as Parameters<typeof signInResponse>[0]);
}

export async function initiateCustomAuth(auth: Pick<AuthService, 'startCustomAuth'>, clientId: string, body: JsonBody) {
  const p = stringMap(body, 'AuthParameters');
  return customResponse(
    await auth.startCustomAuth({ clientId, username: requiredEntry(p, 'USERNAME'), clientMetadata: stringMap(body, 'ClientMetadata') }),
  );
}

export async function respondCustomChallenge(auth: Pick<AuthService, 'respondCustomChallenge'>, body: JsonBody) {
  const r = stringMap(body, 'ChallengeResponses');
  const result = await auth.respondCustomChallenge({
    clientId: requiredString(body, 'ClientId'),
    session: requiredString(body, 'Session'),
    answer: requiredEntry(r, 'ANSWER'),
    clientMetadata: stringMap(body, 'ClientMetadata'),
  });
  return customResponse(result);
}
