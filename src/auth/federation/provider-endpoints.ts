/**
 * Where the built-in providers live. Google and Sign in with Apple are OpenID Providers with fixed
 * issuers (discovery does the rest); Facebook and Login with Amazon are plain OAuth 2 with a profile
 * endpoint, which Cognito reads the subject from (`id` and `user_id`).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-social-idp.html
 * Each URL can be overridden by an environment variable, so tests (and proxies) can stand in for
 * the real provider: HEARTH_GOOGLE_ISSUER, HEARTH_APPLE_ISSUER, HEARTH_FACEBOOK_{AUTHORIZE,TOKEN,PROFILE}_URL,
 * HEARTH_AMAZON_{AUTHORIZE,TOKEN,PROFILE}_URL.
 */
import type { ProviderType } from './types.js';

export type Env = Record<string, string | undefined>;

export interface OAuth2Endpoints {
  authorization: string;
  token: string;
  profile: string;
  /** the profile field holding the provider's subject */
  subjectClaim: string;
  /** the scopes asked for when the definition names none */
  defaultScopes: string[];
}

// Cognito's Facebook integration speaks a versioned Graph API; this is the version it defaults to
const GRAPH = 'https://graph.facebook.com/v17.0';

export function fixedIssuer(type: ProviderType, env: Env): string | undefined {
  if (type === 'Google') return env.HEARTH_GOOGLE_ISSUER ?? 'https://accounts.google.com';
  if (type === 'SignInWithApple') return env.HEARTH_APPLE_ISSUER ?? 'https://appleid.apple.com';
  return undefined;
}

export function oauth2Endpoints(type: ProviderType, env: Env): OAuth2Endpoints | undefined {
  if (type === 'Facebook') {
    return {
      authorization: env.HEARTH_FACEBOOK_AUTHORIZE_URL ?? 'https://www.facebook.com/v17.0/dialog/oauth',
      token: env.HEARTH_FACEBOOK_TOKEN_URL ?? `${GRAPH}/oauth/access_token`,
      profile: env.HEARTH_FACEBOOK_PROFILE_URL ?? `${GRAPH}/me`,
      subjectClaim: 'id',
      defaultScopes: ['public_profile', 'email'],
    };
  }
  if (type === 'LoginWithAmazon') {
    return {
      authorization: env.HEARTH_AMAZON_AUTHORIZE_URL ?? 'https://www.amazon.com/ap/oa',
      token: env.HEARTH_AMAZON_TOKEN_URL ?? 'https://api.amazon.com/auth/o2/token',
      profile: env.HEARTH_AMAZON_PROFILE_URL ?? 'https://api.amazon.com/user/profile',
      subjectClaim: 'user_id',
      defaultScopes: ['profile'],
    };
  }
  return undefined;
}
