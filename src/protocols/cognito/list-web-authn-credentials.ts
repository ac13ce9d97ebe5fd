import type { AuthService } from '../../auth/index.js';
import { HearthError } from '../../util/errors.js';
import type { JsonBody } from './json-target-handler.js';
import { optionalString, requiredString } from './params.js';

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListWebAuthnCredentials.html */
export async function listWebAuthnCredentialsOperation(auth: Pick<AuthService, 'listWebAuthnCredentials'>, body: JsonBody) {
  const max = body.MaxResults;
  if (max !== undefined && max !== null && typeof max !== 'number') {
    throw new HearthError(
      'InvalidParameter',
      "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must be a number",
    );
  }
  const nextToken = optionalString(body, 'NextToken');
  const r = await auth.listWebAuthnCredentials({
    accessToken: requiredString(body, 'AccessToken'),
    ...(typeof max === 'number' && { maxResults: max }),
    ...(nextToken && { nextToken }),
  });
  return {
    Credentials: r.credentials.map((c) => ({
      CredentialId: c.credentialId,
      FriendlyCredentialName: c.friendlyCredentialName,
      RelyingPartyId: c.relyingPartyId,
      ...(c.authenticatorAttachment && { AuthenticatorAttachment: c.authenticatorAttachment }),
      AuthenticatorTransports: c.authenticatorTransports,
      CreatedAt: c.createdAt,
    })),
    ...(r.nextToken && { NextToken: r.nextToken }),
  };
}
