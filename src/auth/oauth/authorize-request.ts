/**
 * An `/oauth2/authorize` request, checked as Cognito checks it. Until the client and redirect URI are
 * known good, errors are shown on a page (redirecting to an unchecked URI would make Hearth an open
 * redirector); after that they go back to the app as `?error=…&state=…`.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
 */
import type { AuthOAuthIR, OAuthProviderIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state?: string;
  scopes: string[];
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  /** the provider asked for with identity_provider or idp_identifier; undefined: the hosted page */
  provider?: OAuthProviderIR;
}

/** A refusal after the redirect URI is checked: it goes back to the app. */
export class AuthorizeRedirectError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly redirectUri: string,
    readonly state: string | undefined,
  ) {
    super(description);
  }
}

type Params = Record<string, string | undefined>;
type Client = { userPoolClientId: string; oauth?: AuthOAuthIR };

/** The app client and the redirect URI: a mistake here is shown on a page, never redirected. */
function checkClient(ir: Client, p: Params): { oauth: AuthOAuthIR; redirectUri: string } {
  if (!p.client_id) throw new HearthError('BadRequest', 'The request has no client_id.');
  if (p.client_id !== ir.userPoolClientId || !ir.oauth)
    throw new HearthError('InvalidClient', `The client ${p.client_id} does not exist or has no OAuth settings.`);
  if (!p.redirect_uri || !ir.oauth.callbackUrls.includes(p.redirect_uri)) {
    throw new HearthError(
      'RedirectMismatch',
      "The redirect_uri is not one of the app client's callback URLs (externalProviders.callbackUrls).",
    );
  }
  return { oauth: ir.oauth, redirectUri: p.redirect_uri };
}

function pickProvider(oauth: AuthOAuthIR, p: Params, fail: (e: string, d: string) => never): OAuthProviderIR | undefined {
  if (p.identity_provider && p.identity_provider.toUpperCase() !== 'COGNITO') {
    const found = oauth.providers.find((x) => x.name.toLowerCase() === p.identity_provider?.toLowerCase());
    return found ?? fail('invalid_request', `The identity provider ${p.identity_provider} is not enabled for this client.`);
  }
  if (p.idp_identifier) {
    const id = p.idp_identifier.toLowerCase();
    const found = oauth.providers.find((x) => x.identifiers?.some((i) => i.toLowerCase() === id) || x.name.toLowerCase() === id);
    return found ?? fail('invalid_request', `No identity provider has the identifier ${p.idp_identifier}.`);
  }
  return undefined;
}

function pkce(p: Params, fail: (e: string, d: string) => never): Pick<AuthorizeRequest, 'codeChallenge' | 'codeChallengeMethod'> {
  if (!p.code_challenge) {
    if (p.code_challenge_method) fail('invalid_request', 'code_challenge_method was given without a code_challenge.');
    return {};
  }
  const method = p.code_challenge_method ?? 'plain';
  if (method !== 'S256' && method !== 'plain') fail('invalid_request', 'code_challenge_method must be S256 or plain.');
  return { codeChallenge: p.code_challenge, codeChallengeMethod: method as 'S256' | 'plain' };
}

/** Checks an authorize request (also the query of the hosted pages, which carry it along). */
export function parseAuthorizeRequest(ir: Client, p: Params): AuthorizeRequest {
  const { oauth, redirectUri } = checkClient(ir, p);
  const fail = (error: string, description: string): never => {
    throw new AuthorizeRedirectError(error, description, redirectUri, p.state);
  };
  if (p.response_type !== 'code') {
    // the Amplify app client allows the authorization code grant only
    fail(
      p.response_type ? 'unauthorized_client' : 'invalid_request',
      p.response_type ? `response_type ${p.response_type} is not allowed for this client.` : 'The request has no response_type.',
    );
  }
  const scopes = p.scope ? p.scope.split(/[\s+]+/).filter(Boolean) : oauth.scopes;
  const unknown = scopes.find((s) => !oauth.scopes.includes(s));
  if (unknown) fail('invalid_scope', `The scope ${unknown} is not allowed for this client.`);
  return {
    clientId: ir.userPoolClientId,
    redirectUri,
    ...(p.state !== undefined && { state: p.state }),
    scopes: [...new Set(scopes)],
    ...(p.nonce && { nonce: p.nonce }),
    ...pkce(p, fail),
    provider: pickProvider(oauth, p, fail),
  };
}

/** `redirectUri` with `params` added to its query (a callback URL may carry its own). */
export function withQuery(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}
