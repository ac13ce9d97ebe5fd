/**
 * A deleted user's passkeys go with them (DeleteUser, AdminDeleteUser, the console): the user store
 * the auth service works through deletes them before the user.
 */
import type { UserStore, WebAuthnStore } from '../../db/ports.js';

export function withPasskeysOfDeletedUsers(users: UserStore, passkeys: WebAuthnStore | undefined): UserStore {
  if (!passkeys) return users;
  return {
    ...users,
    async deleteUser(sub) {
      await passkeys.deleteAllOf(sub);
      await users.deleteUser(sub);
    },
  };
}
