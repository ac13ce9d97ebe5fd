import type { AuthService } from '../../auth/index.js';
import { HearthError } from '../../util/errors.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredEntry, requiredString, stringMap } from './params.js';
import { authenticationResult } from './wire.js';

type Auth = Pick<AuthService, 'startSrpSignIn' | 'signInWithPassword' | 'refresh'>;

async function srp(auth: Auth, clientId: string, p: Record<string, string> | undefined) {
  const c = await auth.startSrpSignIn({ clientId, username: requiredEntry(p, 'USERNAME'), srpA: requiredEntry(p, 'SRP_A') });
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: {
      SALT: c.salt,
      SRP_B: c.srpB,
      SECRET_BLOCK: c.secretBlock,
      USER_ID_FOR_SRP: c.userIdForSrp,
      USERNAME: c.userIdForSrp,
    },
  };
}

/**
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 * Flows: USER_SRP_AUTH (the client's default), USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH (alias REFRESH_TOKEN).
 */
export async function initiateAuthOperation(auth: Auth, body: JsonBody) {
  const flow = requiredString(body, 'AuthFlow');
  const clientId = requiredString(body, 'ClientId');
  const p = stringMap(body, 'AuthParameters');
  switch (flow) {
    case 'USER_SRP_AUTH':
      return srp(auth, clientId, p);
    case 'USER_PASSWORD_AUTH': {
      const r = await auth.signInWithPassword({ clientId, username: requiredEntry(p, 'USERNAME'), password: requiredEntry(p, 'PASSWORD') });
      return { ChallengeParameters: {}, AuthenticationResult: authenticationResult(r) };
    }
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN': {
      const r = await auth.refresh({ clientId, refreshToken: requiredEntry(p, 'REFRESH_TOKEN') });
      return { ChallengeParameters: {}, AuthenticationResult: authenticationResult(r) };
    }
    default:
      throw new HearthError('NotSupported', `Hearth does not implement AuthFlow ${flow} yet`);
  }
}
