/**
 * The auth domain's face: user pool (sign-up, confirmation, SRP and password sign-in, tokens,
 * sign-out) and identity pool (identities, temporary credentials), over storage ports.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createAccessTokenVerifier } from './access-token-verifier.js';
import { adminService } from './admin-service.js';
import { autoSignInSession, signInWithSignUpSession } from './auto-sign-in.js';
import { bindContext } from './bind-context.js';
import { changePassword } from './change-password.js';
import { confirmSignUp } from './confirm-sign-up.js';
import type { AuthContext, AuthDeps } from './context.js';
import { createCredentialIssuer } from './credentials.js';
import { respondCustomChallenge, startCustomAuth } from './custom-auth.js';
import { deleteUser, deleteUserAttributes } from './delete-user.js';
import { signInFederated } from './federation/sign-in-federated.js';
import { openFirstFactorChoice, startFirstFactorChoice } from './first-factor-session.js';
import { confirmForgotPassword, forgotPassword } from './forgot-password.js';
import { getUser } from './get-user.js';
import { seedGroups } from './groups.js';
import { getCredentialsForIdentity, getId } from './identity-pool.js';
import { TRIGGER_TIMEOUT_MS } from './invoke-trigger.js';
import { setUserMfaPreference } from './mfa-preference.js';
import { createOAuthService } from './oauth/oauth-service.js';
import { withSessionScopes } from './oauth/session-scopes.js';
import { respondEmailOtp, startEmailOtpSignIn } from './passwordless/email-otp-sign-in.js';
import { withPasskeysOfDeletedUsers } from './passwordless/passkeys-of-deleted-users.js';
import { deleteWebAuthnCredential, listWebAuthnCredentials } from './passwordless/webauthn-credentials.js';
import { completeWebAuthnRegistration, startWebAuthnRegistration } from './passwordless/webauthn-registration.js';
import { answerWebAuthnSignIn, startWebAuthnSignIn } from './passwordless/webauthn-sign-in.js';
import { resendConfirmationCode } from './resend-confirmation-code.js';
import { respondToChallenge } from './respond-challenge.js';
import { createSealedBox } from './sealed-box.js';
import { createSealedUserStore } from './sealed-user-store.js';
import { refreshSession } from './sessions.js';
import { signInWithPassword } from './sign-in-password.js';
import { respondPasswordVerifier, startSrpSignIn } from './sign-in-srp.js';
import { globalSignOut, revokeToken } from './sign-out.js';
import { signUp } from './sign-up.js';
import { associateSoftwareToken, verifySoftwareToken } from './software-token.js';
import { withTokenTriggers } from './token-triggers.js';
import { createTokenMinter, loadSigningKey } from './tokens.js';
import { getUserAttributeVerificationCode, updateUserAttributes, verifyUserAttribute } from './user-attributes.js';

export type { GroupRecord, UserRecord } from '../db/ports.js';
export type { AdminCaller } from './admin-caller.js';
export type { AuthDeps } from './context.js';
export { cognitoUsername } from './federation/cognito-username.js';
export type { ProviderUser } from './federation/link-provider.js';
export { createRelyingParties, createRelyingParty, type RelyingPartyProvider } from './federation/relying-party.js';
export type * from './federation/types.js';
export type { UserView } from './get-user.js';
export { paginate } from './list-users.js';
export type { AuthorizeRequest, HostedOutcome, KnownIdentity, OAuthService, TokenGrant } from './oauth/oauth-service.js';
export { AuthorizeRedirectError, withQuery } from './oauth/oauth-service.js';
export type * from './service-types.js';
export type * from './types.js';
export { CONFIRM_USER_PATH } from './verification-email.js';

export const CREDENTIAL_KEY_NAME = 'credential-key';
export const SRP_KEY_NAME = 'srp-secret-block-key';
/** seals SRP verifiers and TOTP secrets in the users table */
export const AT_REST_KEY_NAME = 'user-secrets-key';

const randomKey = () => randomBytes(32).toString('base64');

/** Refreshed tokens of an OAuth sign-in keep the scopes it was granted (oauth/session-scopes.ts). */
const withOAuthSessions = (deps: AuthDeps, mint: AuthContext['mint']): AuthContext['mint'] =>
  deps.ir.oauth && deps.oauthCodes ? withSessionScopes(deps.oauthCodes, mint) : mint;

async function buildContext(deps: AuthDeps): Promise<AuthContext> {
  const issuer = `${deps.issuerBaseUrl.replace(/\/+$/, '')}/${deps.ir.userPoolId}`;
  const signingKey = await loadSigningKey(deps.keys);
  const credentialKey = Buffer.from(await deps.keys.getOrCreate(CREDENTIAL_KEY_NAME, randomKey), 'base64');
  const srpKey = Buffer.from(await deps.keys.getOrCreate(SRP_KEY_NAME, randomKey), 'base64');
  const storeBox = createSealedBox(Buffer.from(await deps.keys.getOrCreate(AT_REST_KEY_NAME, randomKey), 'base64'));
  const users = withPasskeysOfDeletedUsers(createSealedUserStore(deps.users, storeBox), deps.webauthn);
  return {
    ...deps,
    users,
    issuer,
    poolName: deps.ir.userPoolId.split('_')[1] ?? '',
    signingKey,
    // postAuthentication and preTokenGeneration run around every minting (token-triggers.ts)
    mint: withOAuthSessions(
      deps,
      withTokenTriggers(
        { ...deps, triggerTimeoutMs: deps.triggerTimeoutMs ?? TRIGGER_TIMEOUT_MS },
        createTokenMinter({ key: signingKey, issuer, clock: deps.clock, ids: deps.ids }),
      ),
    ),
    verifier: createAccessTokenVerifier({ key: signingKey, issuer, clock: deps.clock, users, clientId: deps.ir.userPoolClientId }),
    secretBox: createSealedBox(srpKey),
    storeBox,
    // a separate key derived from the same secret: one key, one purpose
    decoyKey: createHmac('sha256', srpKey).update('decoy-salt').digest(),
    credentials: createCredentialIssuer(credentialKey, deps.clock),
    triggerTimeoutMs: deps.triggerTimeoutMs ?? TRIGGER_TIMEOUT_MS,
  };
}

/** Loads (or, on first start, creates) the server keys, then exposes the operations. */
export async function createAuthService(deps: AuthDeps) {
  const c = await buildContext(deps);
  await seedGroups(c);
  return {
    ...adminService(c),
    issuer: c.issuer,
    userPoolId: c.ir.userPoolId,
    /** where the protocols log what must not reach the wire (internal errors) */
    logger: c.logger,
    tokens: c.verifier,
    credentials: c.credentials,
    /** the OAuth 2.0 endpoints' side (loginWith.externalProviders), when the app configures it */
    oauth: c.ir.oauth && deps.oauthCodes ? createOAuthService(c, deps.oauthCodes) : undefined,
    /** the JSON Web Key Set served at `<issuer>/.well-known/jwks.json` */
    jwks: () => ({ keys: [c.signingKey.publicJwk] }),
    ...bindContext(c, {
      refresh: refreshSession,
      startCustomAuth,
      respondCustomChallenge,
      signUp,
      confirmSignUp,
      resendConfirmationCode,
      signInWithPassword,
      startSrpSignIn,
      respondPasswordVerifier,
      getUser,
      globalSignOut,
      revokeToken,
      getId,
      respondToChallenge,
      startFirstFactorChoice,
      openFirstFactorChoice,
      autoSignInSession,
      signInWithSignUpSession,
      forgotPassword,
      confirmForgotPassword,
      changePassword,
      updateUserAttributes,
      getUserAttributeVerificationCode,
      verifyUserAttribute,
      deleteUser,
      deleteUserAttributes,
      associateSoftwareToken,
      verifySoftwareToken,
      setUserMfaPreference,
      getCredentialsForIdentity,
      startEmailOtpSignIn,
      respondEmailOtp,
      startWebAuthnSignIn,
      answerWebAuthnSignIn,
      startWebAuthnRegistration,
      completeWebAuthnRegistration,
      listWebAuthnCredentials,
      deleteWebAuthnCredential,
      signInFederated,
    }),
  };
}

export type AuthService = Awaited<ReturnType<typeof createAuthService>>;
