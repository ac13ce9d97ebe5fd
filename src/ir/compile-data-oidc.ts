import { HearthError } from '../util/errors.js';
import type { AuthRuleIR, DataAuthMode, DataIR, ModelIR, OidcAuthModeIR } from './types.js';

interface OidcRuleUsers {
  defaultAuthMode: DataAuthMode;
  models: ModelIR[];
  customOperations: { kind: string; name: string; authRules: AuthRuleIR[] }[];
}

/**
 * `oidcAuthorizationMode` → the OpenID Provider the `oidc` mode trusts (AppSync's OpenIDConnectConfig,
 * https://docs.aws.amazon.com/appsync/latest/APIReference/API_OpenIDConnectConfig.html). The two
 * TTLs are seconds here and milliseconds in AppSync; 0 (or absent) leaves that age unchecked.
 * As the auth transformer does, a rule with the `oidc` provider needs this mode configured.
 */
export function compileOidcMode(mode: unknown, uses: OidcRuleUsers, where: string): Pick<DataIR, 'oidc'> {
  if (!mode) {
    const user = firstOidcRuleUser(uses);
    if (user) {
      throw new HearthError(
        'ConfigError',
        `${where}: ${user} uses the 'oidc' authorization mode, which needs defineData({ authorizationModes: { oidcAuthorizationMode: { oidcProviderName, oidcIssuerUrl, … } } }).`,
      );
    }
    return {};
  }
  const m = mode as Record<string, unknown>;
  const bad = (what: string) => new HearthError('ConfigError', `${where}: oidcAuthorizationMode.${what}`);
  if (typeof m.oidcProviderName !== 'string' || !m.oidcProviderName.trim()) throw bad('oidcProviderName must be a non-empty string.');
  const issuer = checkedIssuer(m.oidcIssuerUrl, bad);
  if (m.clientId !== undefined && (typeof m.clientId !== 'string' || !m.clientId.trim() || !compiles(m.clientId))) {
    throw bad('clientId must be a client id, or a regular expression matching several.');
  }
  const seconds = (k: 'tokenExpiryFromAuthInSeconds' | 'tokenExpireFromIssueInSeconds'): number => {
    const v = m[k] ?? 0;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw bad(`${k} must be a whole number of seconds (0: not checked).`);
    return v;
  };
  const ir: OidcAuthModeIR = {
    providerName: m.oidcProviderName,
    issuer,
    ...(typeof m.clientId === 'string' ? { clientId: m.clientId } : {}),
    maxAgeFromAuthSeconds: seconds('tokenExpiryFromAuthInSeconds'),
    maxAgeFromIssueSeconds: seconds('tokenExpireFromIssueInSeconds'),
  };
  return { oidc: ir };
}

// https everywhere but on this machine, where a test or development provider may serve plain http
function checkedIssuer(raw: unknown, bad: (what: string) => HearthError): string {
  let url: URL | undefined;
  try {
    url = typeof raw === 'string' ? new URL(raw) : undefined;
  } catch {
    url = undefined;
  }
  const loopback = url !== undefined && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) || url.search || url.hash) {
    throw bad('oidcIssuerUrl must be the https URL of the OpenID Provider (its issuer), e.g. https://example.auth0.com/.');
  }
  return raw as string;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function firstOidcRuleUser(uses: OidcRuleUsers): string | undefined {
  if (uses.defaultAuthMode === 'oidc') return "defaultAuthorizationMode: 'oidc'";
  const model = uses.models.find((m) => [...m.authRules, ...m.fields.flatMap((f) => f.authRules ?? [])].some((r) => r.provider === 'oidc'));
  if (model) return `model ${model.name}`;
  const op = uses.customOperations.find((o) => o.authRules.some((r) => r.provider === 'oidc'));
  return op ? `${op.kind} ${op.name}` : undefined;
}
