/**
 * A user added to a group with AdminAddUserToGroup signs in, and the data API lets them do what
 * `allow.group('ADMINS')` allows: the group reaches the data layer through `cognito:groups`.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type AdminAuth, startAdminAuth } from '../../../test/support/admin-auth.js';
import { dataIR, field, model, rules } from '../../../test/support/data-builders.js';
import { countingIds } from '../../../test/support/data-fakes.js';
import { createDataService } from '../../data/create-data-service.js';
import { migrateModelTables } from '../../db/sql/model-tables.js';
import { createSqlRecordStore } from '../../db/sql/record-store.js';
import { connectSqlite } from '../../db/sqlite/connect.js';
import { sqliteDialect } from '../../db/sqlite/dialect.js';
import { systemClock } from '../../util/clock.js';
import { createAppSyncHandler } from '../appsync/create-appsync-handler.js';

let t: AdminAuth;
beforeEach(async () => {
  t = await startAdminAuth({ ir: { groups: ['ADMINS'], groupPrecedence: { ADMINS: 0 } } });
});
afterEach(() => t.close());

async function appsync() {
  const db = connectSqlite(':memory:');
  const ir = dataIR([model('Notice', [field('text')], { authRules: [rules.groups(['ADMINS'])] })], { authModes: ['userPool'] });
  await migrateModelTables(db, sqliteDialect, ir.models);
  const data = createDataService({
    ir,
    records: createSqlRecordStore(db, sqliteDialect),
    clock: systemClock,
    ids: countingIds('n'),
    cursorKey: Buffer.alloc(32, 1),
  });
  return createAppSyncHandler({
    data,
    tokens: t.auth.tokens,
    credentials: t.auth.credentials,
    authModes: ['userPool'],
    region: 'us-east-1',
    clock: systemClock,
  });
}

const CREATE = JSON.stringify({ query: 'mutation { createNotice(input: { text: "hello" }) { id text } }', variables: {} });

it('allow.group rules admit a user after AdminAddUserToGroup, and only after', async () => {
  const handler = await appsync();
  const pool = t.ir.userPoolId;
  await t.admin.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'boss@example.com', MessageAction: 'SUPPRESS' }));
  await t.admin.send(
    new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: 'boss@example.com', Password: 'Passw0rd!', Permanent: true }),
  );
  const signIn = async () => {
    const r = await t.client().send(
      new InitiateAuthCommand({
        ClientId: t.ir.userPoolClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'boss@example.com', PASSWORD: 'Passw0rd!' },
      }),
    );
    return r.AuthenticationResult!.AccessToken!;
  };
  const post = (token: string) =>
    handler({
      method: 'POST',
      path: '/graphql',
      query: '',
      headers: { 'content-type': 'application/json', authorization: token },
      body: CREATE,
    });

  const before = JSON.parse((await post(await signIn())).body);
  expect(before.errors?.[0]?.errorType).toBe('Unauthorized');

  await t.admin.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: 'boss@example.com', GroupName: 'ADMINS' }));
  const after = JSON.parse((await post(await signIn())).body);
  expect(after.errors).toBeUndefined();
  expect(after.data.createNotice.text).toBe('hello');
});
