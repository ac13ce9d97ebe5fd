/**
 * A real OpenID Provider for tests: the `oidc-provider` package, in this process, on 127.0.0.1 port 0,
 * with the clients and accounts a test gives. Its development login interaction (any login name, any
 * password, then consent) is driven headlessly with fetch and a small cookie jar, so tests get real
 * authorization codes and real RS256 ID tokens, signed with a key published at its jwks_uri.
 * `forge` signs tokens with a key the provider never published; `rotateKeys` swaps the provider for
 * one with a new key on the same port (as a real provider rotates).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import Provider from 'oidc-provider';

export interface OidcTestClient {
  clientId: string;
  /** omitted: a public client (PKCE, no secret) */
  clientSecret?: string;
  redirectUris: string[];
}

export interface OidcProviderOptions {
  clients: OidcTestClient[];
  /** extra claims per subject (email, name, groups …); any other login name signs in with `sub` only */
  accounts?: Record<string, Record<string, unknown>>;
}

export interface OidcTokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
}

export interface TokenRequest {
  clientId: string;
  sub: string;
  scope?: string;
  nonce?: string;
  /** lifetime of the ID token (default 3600 s) */
  idTokenTtlSeconds?: number;
  /** sent as `max_age`: the ID token then carries `auth_time` */
  maxAgeSeconds?: number;
}

export interface OidcProviderProcess {
  issuer: string;
  /**
   * Signs `sub` in at an authorization URL (as a browser would, through the login and consent
   * pages) and returns the redirect the browser would follow back to the client, with `code`/`state`.
   */
  login(authorizationUrl: string, o: { sub: string }): Promise<URL>;
  /** the whole authorization-code flow (PKCE) for a registered client: real tokens */
  tokens(o: TokenRequest): Promise<OidcTokens>;
  /** a token signed with a key the provider never published, `kid` copied from the real key by default */
  forge(claims: JWTPayload, o?: { kid?: string }): Promise<string>;
  /** the provider starts signing with a new key (the old one is no longer published) */
  rotateKeys(): Promise<void>;
  close(): Promise<void>;
}

const PROMPT = /name="prompt" value="(\w+)"/;
const FORM_ACTION = /<form[^>]*action="([^"]+)"/;

export async function startOidcProvider(o: OidcProviderOptions): Promise<OidcProviderProcess> {
  let handler: RequestListener = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const state = { idTokenTtl: 3600, kid: '' };

  async function install(): Promise<void> {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    state.kid = `k-${randomBytes(6).toString('hex')}`;
    const provider = createProvider(issuer, o, { ...(await exportJWK(privateKey)), kid: state.kid, alg: 'RS256', use: 'sig' }, state);
    handler = provider.callback();
  }
  await install();

  const login = (url: string, sub: string) => driveLogin(url, sub);
  return {
    issuer,
    login: (url, l) => login(url, l.sub),
    tokens: (t) => codeFlow(issuer, o, t, { login, state }),
    forge: (claims, f = {}) => forge(issuer, claims, f.kid ?? state.kid),
    rotateKeys: install,
    close: () => closeServer(server),
  };
}

interface TtlState {
  idTokenTtl: number;
}

function createProvider(issuer: string, o: OidcProviderOptions, key: JWK, state: TtlState): Provider {
  const provider = new Provider(issuer, {
    clients: o.clients.map((c) => ({
      client_id: c.clientId,
      ...(c.clientSecret ? { client_secret: c.clientSecret } : { token_endpoint_auth_method: 'none' }),
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    })),
    jwks: { keys: [key] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'username', 'user_id'],
      groups: ['groups', 'cognito:groups'],
    },
    // claims asked for through scopes go into the ID token too (what relying parties read)
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, ...(o.accounts?.[sub] ?? {}) }),
    }),
    ttl: {
      // biome-ignore lint/correctness/noComponentHookFactories: oidc-provider's TTL name, not a React component
      IdToken: () => state.idTokenTtl,
      AccessToken: 3600,
      AuthorizationCode: 60,
      Grant: 3600,
      Interaction: 600,
      RefreshToken: 86_400,
      Session: 3600,
    },
    features: { devInteractions: { enabled: true } },
  });
  provider.on('server_error', (_ctx, err) => console.error('oidc-provider server_error', err));
  return provider;
}

/** Follows the provider's redirects and answers its login and consent pages, until it redirects off-site. */
async function driveLogin(authorizationUrl: string, sub: string): Promise<URL> {
  const origin = new URL(authorizationUrl).origin;
  const cookies = new Map<string, string>();
  let next: { url: string; body?: URLSearchParams } = { url: authorizationUrl };
  for (let step = 0; step < 12; step++) {
    const res = await fetch(next.url, {
      method: next.body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      ...(next.body ? { body: next.body } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = (pair ?? '').indexOf('=');
      if (eq > 0) cookies.set((pair as string).slice(0, eq), (pair as string).slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (location) {
      const to = new URL(location, next.url);
      if (to.origin !== origin) return to;
      next = { url: to.href };
      continue;
    }
    const html = await res.text();
    const prompt = PROMPT.exec(html)?.[1];
    const action = FORM_ACTION.exec(html)?.[1];
    if (res.status !== 200 || !prompt || !action)
      throw new Error(`oidc-provider login stopped at ${next.url}: HTTP ${res.status} ${html.slice(0, 300)}`);
    const body = new URLSearchParams(prompt === 'login' ? { prompt, login: sub, password: 'any' } : { prompt });
    next = { url: new URL(action.replaceAll('&amp;', '&'), next.url).href, body };
  }
  throw new Error('oidc-provider login did not finish in 12 steps');
}

async function codeFlow(
  issuer: string,
  o: OidcProviderOptions,
  t: TokenRequest,
  ctx: { login: (url: string, sub: string) => Promise<URL>; state: TtlState },
): Promise<OidcTokens> {
  const client = o.clients.find((c) => c.clientId === t.clientId);
  if (!client?.redirectUris[0]) throw new Error(`no test client ${t.clientId} with a redirect URI`);
  const redirectUri = client.redirectUris[0];
  const verifier = randomBytes(32).toString('base64url');
  const auth = new URL(`${issuer}/auth`);
  const params = {
    client_id: t.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: t.scope ?? 'openid email profile groups',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('hex'),
    ...(t.nonce ? { nonce: t.nonce } : {}),
    ...(t.maxAgeSeconds !== undefined ? { max_age: String(t.maxAgeSeconds) } : {}),
  };
  for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
  const back = await ctx.login(auth.href, t.sub);
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`oidc-provider sent no code: ${back.href}`);
  ctx.state.idTokenTtl = t.idTokenTtlSeconds ?? 3600;
  try {
    return await exchange(issuer, client, { code, redirectUri, verifier });
  } finally {
    ctx.state.idTokenTtl = 3600;
  }
}

async function exchange(
  issuer: string,
  client: OidcTestClient,
  x: { code: string; redirectUri: string; verifier: string },
): Promise<OidcTokens> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: x.code,
    redirect_uri: x.redirectUri,
    code_verifier: x.verifier,
  });
  const headers: Record<string, string> = {};
  if (client.clientSecret) {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`;
  } else {
    body.set('client_id', client.clientId);
  }
  const res = await fetch(`${issuer}/token`, { method: 'POST', headers, body });
  const json = (await res.json()) as Record<string, string>;
  if (res.status !== 200 || !json.id_token || !json.access_token)
    throw new Error(`oidc-provider token exchange failed: ${JSON.stringify(json)}`);
  return { idToken: json.id_token, accessToken: json.access_token, ...(json.refresh_token ? { refreshToken: json.refresh_token } : {}) };
}

async function forge(issuer: string, claims: JWTPayload, kid: string): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: issuer, iat: now, exp: now + 3600, ...claims }).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
}
