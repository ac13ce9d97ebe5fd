/** Inputs and results of the auth operations, protocol-free (the Cognito protocol maps them). */

export interface CodeDelivery {
  destination: string;
  deliveryMedium: 'EMAIL';
  attributeName: 'email';
}

export interface AuthResult {
  accessToken: string;
  idToken: string;
  /** absent on refresh: Cognito keeps the refresh token unless rotation is on */
  refreshToken?: string;
  expiresIn: number;
}

export interface SignUpInput {
  clientId: string;
  username: string;
  password: string;
  attributes: Record<string, string>;
}

export interface SrpChallenge {
  salt: string;
  srpB: string;
  secretBlock: string;
  userIdForSrp: string;
}

export interface PasswordVerifierInput {
  clientId: string;
  username: string;
  secretBlock: string;
  timestamp: string;
  signature: string;
}

export interface IdentityCredentials {
  identityId: string;
  accessKeyId: string;
  secretKey: string;
  sessionToken: string;
  /** epoch seconds, as the identity pool sends it */
  expiration: number;
}
