/**
 * The Cognito user name of a user. Gen 2 email pools name native users by their `sub`; a federated
 * user is named `<provider name>_<provider subject>`, lower-cased as a case-insensitive pool
 * stores it (e.g. `google_1234`, `myoidc_abc`): what `cognito:username`, the access token's
 * `username` and ListUsers' `Username` show.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-identity-federation-consolidate-users.html
 */
import type { UserRecord } from '../../db/ports.js';

export function federatedUsername(providerName: string, userId: string): string {
  return `${providerName}_${userId}`.toLowerCase();
}

export function cognitoUsername(user: Pick<UserRecord, 'sub' | 'username' | 'status'>): string {
  return user.status === 'EXTERNAL_PROVIDER' ? user.username : user.sub;
}
