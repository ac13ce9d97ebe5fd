/**
 * The contract between the OAuth endpoints (H-oauth), federated users and the relying party.
 * A federated identity is what a provider vouched for, before Cognito's attribute mapping.
 */

/** Cognito's `providerType` values (the `identities` claim and the AdminLinkProviderForUser ProviderName). */
export type ProviderType = 'Google' | 'Facebook' | 'LoginWithAmazon' | 'SignInWithApple' | 'OIDC' | 'SAML';

export interface FederatedIdentity {
  /** Cognito's provider name: 'Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple', or the oidc/saml `name` */
  providerName: string;
  providerType: ProviderType;
  /** the provider's subject (`sub`), the part after `google_` in the Cognito username */
  userId: string;
  /** the provider's claims as received (email, name, email_verified, ...), before attributeMapping */
  claims: Record<string, unknown>;
  /** the issuer that vouched for the identity (OIDC `iss`), when there is one; shown in `identities` */
  issuer?: string;
}

/** What a federated sign-in resolved to: the Cognito user the tokens are minted for. */
export interface FederatedSignIn {
  username: string;
  sub: string;
}

/** The production side, one per configured provider (see relying-party.ts). */
export interface RelyingParty {
  authorizationUrl(o: { redirectUri: string; state: string; nonce: string }): Promise<string>;
  /** exchanges the provider's code, validates its ID token (issuer, audience, nonce, signature, expiry) */
  complete(o: { code: string; redirectUri: string; nonce: string }): Promise<FederatedIdentity>;
}
