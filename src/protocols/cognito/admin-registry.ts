/** The IAM-signed (admin) operations: each needs a SigV4 signature and a caller allowed to call it (admin-signature.ts). */
import type { AuthService } from '../../auth/index.js';
import { adminAddUserToGroupOperation } from './admin-add-user-to-group.js';
import { adminConfirmSignUpOperation } from './admin-confirm-sign-up.js';
import { adminCreateUserOperation } from './admin-create-user.js';
import { adminDeleteUserOperation } from './admin-delete-user.js';
import { adminDisableProviderForUserOperation } from './admin-disable-provider-for-user.js';
import { adminDisableUserOperation } from './admin-disable-user.js';
import { adminEnableUserOperation } from './admin-enable-user.js';
import { adminGetUserOperation } from './admin-get-user.js';
import { adminInitiateAuthOperation } from './admin-initiate-auth.js';
import { adminLinkProviderForUserOperation } from './admin-link-provider-for-user.js';
import { adminListGroupsForUserOperation } from './admin-list-groups-for-user.js';
import { adminRemoveUserFromGroupOperation } from './admin-remove-user-from-group.js';
import { adminResetUserPasswordOperation } from './admin-reset-user-password.js';
import { adminRespondToAuthChallengeOperation } from './admin-respond-to-auth-challenge.js';
import { adminSetUserPasswordOperation } from './admin-set-user-password.js';
import { adminUpdateUserAttributesOperation } from './admin-update-user-attributes.js';
import { adminUserGlobalSignOutOperation } from './admin-user-global-sign-out.js';
import { createGroupOperation } from './create-group.js';
import { deleteGroupOperation } from './delete-group.js';
import { getGroupOperation } from './get-group.js';
import type { Operation } from './json-target-handler.js';
import { listGroupsOperation } from './list-groups.js';
import { listUsersOperation } from './list-users.js';
import { listUsersInGroupOperation } from './list-users-in-group.js';
import { updateGroupOperation } from './update-group.js';

export const adminOperations: Record<string, Operation<AuthService>> = {
  AdminCreateUser: adminCreateUserOperation,
  AdminGetUser: adminGetUserOperation,
  AdminDeleteUser: adminDeleteUserOperation,
  AdminConfirmSignUp: adminConfirmSignUpOperation,
  AdminSetUserPassword: adminSetUserPasswordOperation,
  AdminResetUserPassword: adminResetUserPasswordOperation,
  AdminUpdateUserAttributes: adminUpdateUserAttributesOperation,
  AdminDisableUser: adminDisableUserOperation,
  AdminEnableUser: adminEnableUserOperation,
  AdminInitiateAuth: adminInitiateAuthOperation,
  AdminRespondToAuthChallenge: adminRespondToAuthChallengeOperation,
  AdminUserGlobalSignOut: adminUserGlobalSignOutOperation,
  ListUsers: listUsersOperation,
  CreateGroup: createGroupOperation,
  GetGroup: getGroupOperation,
  UpdateGroup: updateGroupOperation,
  ListGroups: listGroupsOperation,
  DeleteGroup: deleteGroupOperation,
  AdminAddUserToGroup: adminAddUserToGroupOperation,
  AdminRemoveUserFromGroup: adminRemoveUserFromGroupOperation,
  AdminListGroupsForUser: adminListGroupsForUserOperation,
  ListUsersInGroup: listUsersInGroupOperation,
  AdminLinkProviderForUser: adminLinkProviderForUserOperation,
  AdminDisableProviderForUser: adminDisableProviderForUserOperation,
};

/** Operations Cognito serves only to IAM-signed callers (the Admin* family and pool management). */
export function isIamOperation(name: string): boolean {
  return (
    name.startsWith('Admin') || Object.hasOwn(adminOperations, name) || /^(Update|Describe|List|Create|Delete)(Group|UserPool)/.test(name)
  );
}
