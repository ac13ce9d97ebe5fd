/** What the auth operations are built from. Each operation takes a `Pick` of AuthContext. */

import type { IdentityStore, KeyStore, OAuthCodeStore, SignInHistoryStore, UserStore, WebAuthnStore } from '../db/ports.js';
import type { FunctionInvoker } from '../functions/types.js';
import type { AuthIR } from '../ir/types.js';
import type { Mailer } from '../mail/types.js';
import type { Clock } from '../util/clock.js';
import type { Ids } from '../util/ids.js';
import type { Logger } from '../util/logger.js';
import type { AccessTokenVerifier } from './access-token-verifier.js';
import type { AdminKey } from './admin-caller.js';
import type { TriggerRecorder } from './invoke-trigger.js';
import type { SealedBox } from './sealed-box.js';
import type { MintedTokens, MintInput, SigningKey } from './tokens.js';
import type { CredentialIssuer } from './types.js';

export interface AuthDeps {
  ir: AuthIR;
  users: UserStore;
  identities: IdentityStore;
  keys: KeyStore;
  /** passkeys (loginWith.webAuthn); without it the passkey operations answer WebAuthnNotEnabledException */
  webauthn?: WebAuthnStore;
  clock: Clock;
  ids: Ids;
  mailer: Mailer;
  functions: FunctionInvoker;
  /** e.g. `http://127.0.0.1:4000`; the issuer is `<issuerBaseUrl>/<userPoolId>` */
  issuerBaseUrl: string;
  region: string;
  logger: Logger;
  /** Cognito gives a trigger 5 s; tests shorten it */
  triggerTimeoutMs?: number;
  /** records failed triggers durably (the server's invocation queue); without it they are logged */
  invocations?: TriggerRecorder;
  /** the long-term key that may call every admin (IAM-signed) operation; see admin-caller.ts */
  adminCredentials?: AdminKey;
  /** each user's recent sign-in steps, for the console (sign-in-history.ts); without it none are kept */
  signIns?: SignInHistoryStore;
  /** authorization codes of the OAuth endpoints (loginWith.externalProviders); without it they are not served */
  oauthCodes?: OAuthCodeStore;
  /** where links in emails point (LINK verification); default issuerBaseUrl */
  publicBaseUrl?: string;
}

export interface AuthContext extends Omit<AuthDeps, 'triggerTimeoutMs'> {
  issuer: string;
  /** `userPoolId.split('_')[1]`, the SRP "pool name" */
  poolName: string;
  signingKey: SigningKey;
  mint(i: MintInput): Promise<MintedTokens>;
  verifier: AccessTokenVerifier;
  /** seals SRP SECRET_BLOCKs */
  secretBox: SealedBox;
  /** seals secrets kept in the database (SRP verifiers, TOTP secrets): a separate at-rest key */
  storeBox: SealedBox;
  /** HMAC key for the stable decoy salt of unknown users (hides who has an account) */
  decoyKey: Buffer;
  credentials: CredentialIssuer;
  triggerTimeoutMs: number;
}
