/**
 * OpenID Provider discovery: `<issuer>/.well-known/openid-configuration`, as OpenID Connect
 * Discovery 1.0 §4 describes (https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig).
 * The document's `issuer` must equal the configured one exactly (§4.3), or a provider could vouch
 * for tokens of another issuer.
 */
import { HearthError } from '../../util/errors.js';

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface ProviderMetadata {
  issuer: string;
  jwksUri: string;
  /** `id_token_signing_alg_values_supported`; the algorithms a token may be signed with */
  algorithms: string[];
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  userinfoEndpoint?: string;
  raw: Record<string, unknown>;
}

const FETCH_TIMEOUT_MS = 10_000;
// asymmetric algorithms only: an HS* token would be signed with the client secret, never accepted here
const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/;

export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** GETs a JSON document, refusing anything but a 200 with a JSON object. */
export async function fetchJson(fetchFn: FetchLike, url: string, what: string): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetchFn(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (e) {
    throw new HearthError('NotAuthorized', `The OIDC provider's ${what} could not be fetched.`, e);
  }
  if (res.status !== 200) {
    throw new HearthError('NotAuthorized', `The OIDC provider's ${what} answered HTTP ${res.status}.`);
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new HearthError('NotAuthorized', `The OIDC provider's ${what} is not a JSON object.`);
  }
  return body as Record<string, unknown>;
}

export async function discoverProvider(issuer: string, fetchFn: FetchLike): Promise<ProviderMetadata> {
  const raw = await fetchJson(fetchFn, discoveryUrl(issuer), 'discovery document');
  if (raw.issuer !== issuer) {
    throw new HearthError('NotAuthorized', `The OIDC discovery document names issuer ${String(raw.issuer)}, not ${issuer}.`);
  }
  if (typeof raw.jwks_uri !== 'string') {
    throw new HearthError('NotAuthorized', 'The OIDC discovery document has no jwks_uri.');
  }
  const listed = Array.isArray(raw.id_token_signing_alg_values_supported)
    ? raw.id_token_signing_alg_values_supported.filter((a): a is string => typeof a === 'string')
    : ['RS256']; // §3: RS256 is the default when the provider lists none
  const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
  return {
    issuer,
    jwksUri: raw.jwks_uri,
    algorithms: listed.filter((a) => ASYMMETRIC.test(a)),
    ...optional('authorizationEndpoint', str('authorization_endpoint')),
    ...optional('tokenEndpoint', str('token_endpoint')),
    ...optional('userinfoEndpoint', str('userinfo_endpoint')),
    raw,
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
