/** DeleteUser and DeleteUserAttributes for the signed-in user. */
import { HearthError } from '../util/errors.js';
import type { AuthContext } from './context.js';
import { signedInUser } from './signed-in-user.js';
import { assertWritableAttribute } from './writable-attributes.js';

/** Removes the user with their codes and sessions; their access tokens stop working at once. */
export async function deleteUser(d: Pick<AuthContext, 'users' | 'verifier'>, accessToken: string): Promise<void> {
  const user = await signedInUser(d, accessToken);
  await d.users.deleteUser(user.sub);
  d.verifier.forgetRevocationState();
}

export async function deleteUserAttributes(
  d: Pick<AuthContext, 'ir' | 'users' | 'verifier' | 'clock'>,
  i: { accessToken: string; names: string[] },
): Promise<void> {
  const user = await signedInUser(d, i.accessToken);
  const attributes = { ...user.attributes };
  const pending = { ...user.pendingAttributes };
  for (const name of i.names) {
    assertWritableAttribute(d.ir, name);
    if (d.ir.requiredAttributes.includes(name)) {
      throw new HearthError('InvalidParameter', `Attributes did not conform to the schema: ${name}: The attribute ${name} is required`);
    }
    delete attributes[name];
    delete pending[name];
  }
  await d.users.update(user.sub, { attributes, pendingAttributes: pending, updatedAt: d.clock.now() });
}
