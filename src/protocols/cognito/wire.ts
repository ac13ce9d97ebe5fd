/** Service results in Cognito's PascalCase wire shape. */
import type { AuthResult, CodeDelivery, FirstFactorChallenge, SignInResult } from '../../auth/index.js';

export function authenticationResult(r: AuthResult) {
  return {
    AccessToken: r.accessToken,
    IdToken: r.idToken,
    ...(r.refreshToken ? { RefreshToken: r.refreshToken } : {}),
    ExpiresIn: r.expiresIn,
    TokenType: 'Bearer',
  };
}

export function codeDeliveryDetails(c: CodeDelivery) {
  return { Destination: c.destination, DeliveryMedium: c.deliveryMedium, AttributeName: c.attributeName };
}

/** InitiateAuth / RespondToAuthChallenge answer: tokens, or the next challenge with its session. */
export function signInResponse(r: SignInResult | FirstFactorChallenge) {
  if ('challengeName' in r) return { ChallengeName: r.challengeName, Session: r.session, ChallengeParameters: r.parameters };
  return { ChallengeParameters: {}, AuthenticationResult: authenticationResult(r) };
}
