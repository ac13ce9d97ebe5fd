/**
 * defineAuth `access`: a real function, with its own credentials and the unmodified AWS SDK,
 * calls the admin operations it was granted, and is refused the others.
 */
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AdminCreateUserCommand, AdminListGroupsForUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, expect, it } from 'vitest';
import { type AdminAuth, startAdminAuth } from '../../test/support/admin-auth.js';
import { captureLogger, handlerFunction, tempProject } from '../../test/support/function-fakes.js';
import { createFunctionService, type FunctionService } from '../functions/function-service.js';

let t: AdminAuth;
let functions: FunctionService | undefined;
afterEach(async () => {
  await functions?.close();
  await t?.close();
});

const HANDLER = `
import { AdminAddUserToGroupCommand, AdminDeleteUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
export const handler = async (event) => {
  const cognito = new CognitoIdentityProviderClient({ maxAttempts: 1 });
  const UserPoolId = process.env.AMPLIFY_AUTH_USERPOOL_ID;
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: event.username, GroupName: 'ADMINS' }));
  try {
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId, Username: event.username }));
    return 'deleted';
  } catch (e) {
    return e.name;
  }
};
`;

it('a function granted addUserToGroup adds a user to a group with its own credentials, and may not delete users', async () => {
  const operations = ['AdminAddUserToGroup'];
  t = await startAdminAuth({ ir: { groups: ['ADMINS'], access: { 'make-admin': operations } } });
  const root = await tempProject('hearth-access-fn-');
  // the bundle keeps packages external: give the app the repository's node_modules
  await mkdir(join(root, 'amplify'), { recursive: true });
  await symlink(join(process.cwd(), 'node_modules'), join(root, 'node_modules'));
  const fn = await handlerFunction(root, 'make-admin', HANDLER, { authAccess: { userPoolId: t.ir.userPoolId, operations } });
  functions = createFunctionService({
    ir: { projectRoot: root, region: 'us-east-1', functions: [fn], addedOutputs: [] },
    credentials: t.auth.credentials,
    region: 'us-east-1',
    logger: captureLogger(),
    dataUrl: new URL('graphql', t.server.url).href,
  });
  const created = await t.admin.send(
    new AdminCreateUserCommand({ UserPoolId: t.ir.userPoolId, Username: 'u@example.com', MessageAction: 'SUPPRESS' }),
  );
  const r = await functions.invoke('make-admin', { username: created.User!.Username });
  expect(r).toEqual({ ok: true, result: 'AccessDeniedException' });
  const groups = await t.admin.send(new AdminListGroupsForUserCommand({ UserPoolId: t.ir.userPoolId, Username: 'u@example.com' }));
  expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['ADMINS']);
});
