/** The admin (IAM-signed) half of the user pool, as the auth face exposes it. */
import { assertAdminAllowed, resolveAdminCaller } from './admin-caller.js';
import { adminCreateUser } from './admin-create-user.js';
import { adminResetUserPassword } from './admin-reset-password.js';
import {
  adminConfirmSignUp,
  adminDeleteUser,
  adminGetUser,
  adminSetEnabled,
  adminSetUserPassword,
  adminUpdateUserAttributes,
  adminUserGlobalSignOut,
} from './admin-users.js';
import { bindContext } from './bind-context.js';
import type { AuthContext } from './context.js';
import { adminDisableProviderForUser, adminLinkProviderForUser } from './federation/link-provider.js';
import {
  addUserToGroup,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  listGroupsForUser,
  listUsersInGroup,
  removeUserFromGroup,
  updateGroup,
} from './groups.js';
import { listUsers } from './list-users.js';

export function adminService(c: AuthContext) {
  return {
    /** admin requests are signed for this region, and checked against this clock */
    region: c.region,
    clock: c.clock,
    ...bindContext(c, {
      /** the signing secret for an access key, and who it is (undefined: unknown key) */
      resolveAdminCaller,
      assertAdminAllowed,
      adminCreateUser,
      adminGetUser,
      adminDeleteUser,
      adminConfirmSignUp,
      adminSetUserPassword,
      adminResetUserPassword,
      adminUpdateUserAttributes,
      adminSetEnabled,
      adminUserGlobalSignOut,
      listUsers,
      createGroup,
      getGroup,
      updateGroup,
      listGroups,
      deleteGroup,
      addUserToGroup,
      removeUserFromGroup,
      listGroupsForUser,
      listUsersInGroup,
      adminLinkProviderForUser,
      adminDisableProviderForUser,
    }),
  };
}
