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
  /** passed to preSignUp as request.validationData / clientMetadata */
  validationData?: Record<string, string>;
  clientMetadata?: Record<string, string>;
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

/** A further step of sign-in (MFA, new password): the client answers it with RespondToAuthChallenge. */
export interface AuthChallenge {
  challengeName: 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' | 'MFA_SETUP' | 'SELECT_MFA_TYPE' | 'NEW_PASSWORD_REQUIRED';
  /** sealed, short-lived, single-use state of the sign-in in progress */
  session: string;
  parameters: Record<string, string>;
}

/** A passwordless first factor of USER_AUTH, answered with RespondToAuthChallenge (EMAIL_OTP_CODE or CREDENTIAL). */
export interface FirstFactorChallenge {
  challengeName: 'EMAIL_OTP' | 'WEB_AUTHN';
  session: string;
  parameters: Record<string, string>;
}

/** What a successful password check leads to: tokens, or the next challenge. */
export type SignInResult = AuthResult | AuthChallenge;
