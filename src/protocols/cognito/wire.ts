/** Service results in Cognito's PascalCase wire shape. */
import type { AuthResult, CodeDelivery } from '../../auth/index.js';

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
