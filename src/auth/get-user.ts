import { HearthError } from '../util/errors.js';
import type { AuthContext } from './context.js';
import { cognitoUsername } from './federation/cognito-username.js';
import { mfaView } from './mfa-preference.js';

export interface UserView {
  /** the Cognito user name: the sub in Gen 2 email pools, `<provider>_<subject>` for a federated user */
  username: string;
  attributes: { name: string; value: string }[];
  /** MFA factors turned on (`SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`) and the preferred one */
  mfaEnabled: string[];
  preferredMfa?: string;
}

/** GetUser: the signed-in user's attributes, `sub` first as Cognito lists it. */
export async function getUser(d: Pick<AuthContext, 'users' | 'verifier'>, accessToken: string): Promise<UserView> {
  const claims = await d.verifier.verifyAccessToken(accessToken);
  const user = await d.users.bySub(claims.sub);
  if (!user) throw new HearthError('UserNotFound', 'User does not exist.');
  const { sub, ...rest } = user.attributes;
  const attributes = [{ name: 'sub', value: sub ?? user.sub }, ...Object.entries(rest).map(([name, value]) => ({ name, value }))];
  const mfa = mfaView(user);
  return {
    username: cognitoUsername(user),
    attributes,
    mfaEnabled: mfa.enabled,
    ...(mfa.preferred ? { preferredMfa: mfa.preferred } : {}),
  };
}
