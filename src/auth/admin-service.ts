/** The admin (IAM-signed) half of the user pool, as the auth face exposes it. */
import { type AdminCaller, assertAdminAllowed, resolveAdminCaller } from './admin-caller.js';
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
import type { AuthContext } from './context.js';
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

type P<F extends (...a: any[]) => any> = Parameters<F>[1];

export function adminService(c: AuthContext) {
  return {
    /** admin requests are signed for this region, and checked against this clock */
    region: c.region,
    clock: c.clock,
    /** the signing secret for an access key, and who it is (undefined: unknown key) */
    resolveAdminCaller: (accessKeyId: string, sessionToken?: string) => resolveAdminCaller(c, accessKeyId, sessionToken),
    assertAdminAllowed: (caller: AdminCaller, operation: string) => assertAdminAllowed(c, caller, operation),
    adminCreateUser: (i: P<typeof adminCreateUser>) => adminCreateUser(c, i),
    adminGetUser: (i: P<typeof adminGetUser>) => adminGetUser(c, i),
    adminDeleteUser: (i: P<typeof adminDeleteUser>) => adminDeleteUser(c, i),
    adminConfirmSignUp: (i: P<typeof adminConfirmSignUp>) => adminConfirmSignUp(c, i),
    adminSetUserPassword: (i: P<typeof adminSetUserPassword>) => adminSetUserPassword(c, i),
    adminResetUserPassword: (i: P<typeof adminResetUserPassword>) => adminResetUserPassword(c, i),
    adminUpdateUserAttributes: (i: P<typeof adminUpdateUserAttributes>) => adminUpdateUserAttributes(c, i),
    adminSetEnabled: (i: P<typeof adminGetUser>, enabled: boolean) => adminSetEnabled(c, i, enabled),
    adminUserGlobalSignOut: (i: P<typeof adminUserGlobalSignOut>) => adminUserGlobalSignOut(c, i),
    listUsers: (i: P<typeof listUsers>) => listUsers(c, i),
    createGroup: (i: P<typeof createGroup>) => createGroup(c, i),
    getGroup: (i: P<typeof getGroup>) => getGroup(c, i),
    updateGroup: (i: P<typeof updateGroup>) => updateGroup(c, i),
    listGroups: (i: P<typeof listGroups>) => listGroups(c, i),
    deleteGroup: (i: P<typeof deleteGroup>) => deleteGroup(c, i),
    addUserToGroup: (i: P<typeof addUserToGroup>) => addUserToGroup(c, i),
    removeUserFromGroup: (i: P<typeof removeUserFromGroup>) => removeUserFromGroup(c, i),
    listGroupsForUser: (i: P<typeof listGroupsForUser>) => listGroupsForUser(c, i),
    listUsersInGroup: (i: P<typeof listUsersInGroup>) => listUsersInGroup(c, i),
  };
}
