/**
 * Cognito's attribute mapping for federated users: each mapped user-pool attribute takes the value
 * of the provider's claim, as a string (booleans as `true`/`false`, objects as JSON), on the first
 * sign-in and again at every later one.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-specifying-attribute-mapping.html
 */
import type { AuthIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import type { ProviderType } from './types.js';

/** What federation reads of a configured provider (the AuthIR's `oauth.providers` entries). */
export interface FederationProvider {
  name: string;
  type: ProviderType;
  /** Cognito attribute name → the provider's claim */
  attributeMapping: Record<string, string>;
  issuerUrl?: string;
}

/** The part of the AuthIR federation reads. */
export type FederationIR = Pick<AuthIR, 'userPoolId'> & { oauth?: { providers: FederationProvider[] } };

function claimString(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** `{ email: 'email', name: 'name' }` over the claims `{ email: 'a@b.c', name: 'Ann' }`. */
export function mapAttributes(claims: Record<string, unknown>, mapping: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [attribute, claim] of Object.entries(mapping)) {
    const value = claimString(claims[claim]);
    if (value !== undefined) out[attribute] = attribute === 'email' ? value.toLowerCase() : value;
  }
  return out;
}

/** The configured provider named `providerName` (Cognito compares provider names case-insensitively). */
export function configuredProvider(ir: FederationIR, providerName: string): FederationProvider {
  const p = ir.oauth?.providers.find((x) => x.name.toLowerCase() === providerName.toLowerCase());
  if (!p) throw new HearthError('InvalidParameter', `The identity provider ${providerName} is not configured for this user pool.`);
  return p;
}
