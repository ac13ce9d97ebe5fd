/**
 * The auth domain's face: user pool (sign-up, confirmation, SRP and password sign-in, tokens,
 * sign-out) and identity pool (identities, temporary credentials), over storage ports.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createAccessTokenVerifier } from './access-token-verifier.js';
import { confirmSignUp } from './confirm-sign-up.js';
import type { AuthContext, AuthDeps } from './context.js';
import { createCredentialIssuer } from './credentials.js';
import { getUser } from './get-user.js';
import { getCredentialsForIdentity, getId } from './identity-pool.js';
import { TRIGGER_TIMEOUT_MS } from './invoke-trigger.js';
import { resendConfirmationCode } from './resend-confirmation-code.js';
import { createSealedBox } from './sealed-box.js';
import { refreshSession } from './sessions.js';
import { signInWithPassword } from './sign-in-password.js';
import { respondPasswordVerifier, startSrpSignIn } from './sign-in-srp.js';
import { globalSignOut, revokeToken } from './sign-out.js';
import { signUp } from './sign-up.js';
import { createTokenMinter, loadSigningKey } from './tokens.js';

export type { AuthDeps } from './context.js';
export type { UserView } from './get-user.js';
export type * from './service-types.js';
export type * from './types.js';

export const CREDENTIAL_KEY_NAME = 'credential-key';
export const SRP_KEY_NAME = 'srp-secret-block-key';

const randomKey = () => randomBytes(32).toString('base64');

async function buildContext(deps: AuthDeps): Promise<AuthContext> {
  const issuer = `${deps.issuerBaseUrl.replace(/\/+$/, '')}/${deps.ir.userPoolId}`;
  const signingKey = await loadSigningKey(deps.keys);
  const credentialKey = Buffer.from(await deps.keys.getOrCreate(CREDENTIAL_KEY_NAME, randomKey), 'base64');
  const srpKey = Buffer.from(await deps.keys.getOrCreate(SRP_KEY_NAME, randomKey), 'base64');
  return {
    ...deps,
    issuer,
    poolName: deps.ir.userPoolId.split('_')[1] ?? '',
    signingKey,
    mint: createTokenMinter({ key: signingKey, issuer, clock: deps.clock, ids: deps.ids }),
    verifier: createAccessTokenVerifier({ key: signingKey, issuer, clock: deps.clock, users: deps.users }),
    secretBox: createSealedBox(srpKey),
    // a separate key derived from the same secret: one key, one purpose
    decoyKey: createHmac('sha256', srpKey).update('decoy-salt').digest(),
    credentials: createCredentialIssuer(credentialKey, deps.clock),
    triggerTimeoutMs: deps.triggerTimeoutMs ?? TRIGGER_TIMEOUT_MS,
  };
}

/** Loads (or, on first start, creates) the server keys, then exposes the operations. */
export async function createAuthService(deps: AuthDeps) {
  const c = await buildContext(deps);
  return {
    issuer: c.issuer,
    userPoolId: c.ir.userPoolId,
    /** where the protocols log what must not reach the wire (internal errors) */
    logger: c.logger,
    tokens: c.verifier,
    credentials: c.credentials,
    /** the JSON Web Key Set served at `<issuer>/.well-known/jwks.json` */
    jwks: () => ({ keys: [c.signingKey.publicJwk] }),
    signUp: (i: Parameters<typeof signUp>[1]) => signUp(c, i),
    confirmSignUp: (i: Parameters<typeof confirmSignUp>[1]) => confirmSignUp(c, i),
    resendConfirmationCode: (i: Parameters<typeof resendConfirmationCode>[1]) => resendConfirmationCode(c, i),
    signInWithPassword: (i: Parameters<typeof signInWithPassword>[1]) => signInWithPassword(c, i),
    startSrpSignIn: (i: Parameters<typeof startSrpSignIn>[1]) => startSrpSignIn(c, i),
    respondPasswordVerifier: (i: Parameters<typeof respondPasswordVerifier>[1]) => respondPasswordVerifier(c, i),
    refresh: (i: Parameters<typeof refreshSession>[1]) => refreshSession(c, i),
    getUser: (accessToken: string) => getUser(c, accessToken),
    globalSignOut: (accessToken: string) => globalSignOut(c, accessToken),
    revokeToken: (i: Parameters<typeof revokeToken>[1]) => revokeToken(c, i),
    getId: (i: Parameters<typeof getId>[1]) => getId(c, i),
    getCredentialsForIdentity: (i: Parameters<typeof getCredentialsForIdentity>[1]) => getCredentialsForIdentity(c, i),
  };
}

export type AuthService = Awaited<ReturnType<typeof createAuthService>>;
