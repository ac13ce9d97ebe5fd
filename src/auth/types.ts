/** Contracts the auth domain offers to the protocols (cognito, identity, appsync request auth). */

/** Claims of a verified user-pool access token, as the data layer needs them. */
export interface AccessClaims {
  sub: string;
  /** `cognito:username` / `username` claim (in Gen 2 email pools: equal to sub) */
  username: string;
  groups: string[];
  clientId: string;
  /** epoch seconds */
  exp: number;
  iat: number;
  jti: string;
  originJti?: string;
  /** every claim, for identityClaim / groupClaim rules */
  raw: Record<string, unknown>;
}

export interface TokenVerifier {
  /** verifies signature, issuer, token_use=access, exp, revocation; throws HearthError('NotAuthorized') */
  verifyAccessToken(token: string): Promise<AccessClaims>;
}

/** Who an IAM (SigV4) caller is. */
export type IamPrincipal =
  | { kind: 'function'; functionName: string }
  /** `groups`: the ID token's `cognito:groups` at GetCredentialsForIdentity (storage group rules read them) */
  | { kind: 'identity'; identityId: string; authenticated: boolean; sub?: string; groups?: string[] };

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** epoch milliseconds */
  expiration: number;
}

/**
 * Temporary AWS-style credentials. Stateless: the session token is a server-signed envelope of the
 * principal and expiry, and the secret key is derived from it with the server key, so any instance
 * sharing the key can verify a SigV4 signature without a lookup.
 */
export interface CredentialIssuer {
  issue(principal: IamPrincipal, ttlSeconds: number): IssuedCredentials;
  /** undefined when the token is forged, expired or does not belong to accessKeyId */
  resolve(accessKeyId: string, sessionToken: string): { secretAccessKey: string; principal: IamPrincipal } | undefined;
}
