/**
 * defineStorage as Amplify's docs write it (storage set-up, authorization, triggers, function
 * access). `tsc --noEmit` checks this file: the @ts-expect-error lines are the mistakes Amplify's
 * own types refuse, so Hearth's must refuse them too.
 */
import { describe, expect, it } from 'vitest';
import { definitionOf } from './definition.js';
import { defineFunction, defineStorage, type StorageAccessDefinition, storageAccessBuilder } from './index.js';

const generateMonthlyReports = defineFunction({ name: 'generate-monthly-reports' });
const onUploadHandler = defineFunction({ entry: './on-upload-handler.ts' });

const storage = defineStorage({
  name: 'amplifyTeamDrive',
  isDefault: true,
  versioned: true,
  access: (allow) => ({
    'profile-pictures/{entity_id}/*': [allow.guest.to(['read']), allow.entity('identity').to(['read', 'write', 'delete'])],
    'picture-submissions/*': [allow.authenticated.to(['read', 'write']), allow.guest.to(['read', 'write'])],
    'media/*': [allow.groups(['auditor']).to(['read']), allow.groups(['admin']).to(['read', 'write', 'delete'])],
    'reports/*': [allow.resource(generateMonthlyReports).to(['get', 'list', 'write'])],
  }),
  triggers: {
    onUpload: onUploadHandler,
    onDelete: defineFunction({ entry: './on-delete-handler.ts' }),
  },
});

const secondBucket = defineStorage({ name: 'amplifyTeamDriveSecondBucket', keepOnDelete: true });

// @ts-expect-error 'read' already is 'get' + 'list'
storageAccessBuilder.guest.to(['read', 'get']);
// @ts-expect-error only 'identity' entities exist
storageAccessBuilder.entity('owner');
// @ts-expect-error a bucket needs a name
defineStorage({ isDefault: true });
// a path without '/*' returned from `access` type-checks in Amplify too (no excess-property check on
// a returned literal); the compiler refuses it (src/ir/compile-storage-paths.ts)

describe('defineStorage', () => {
  it('captures the props and the calling file', () => {
    const d = definitionOf(storage);
    expect(d?.kind).toBe('storage');
    expect(d?.definedIn).toMatch(/src\/backend\/storage\.test\.ts$/);
    expect(d?.props).toMatchObject({ name: 'amplifyTeamDrive' });
    expect(definitionOf(secondBucket)?.props).toMatchObject({ keepOnDelete: true });
  });

  it('records who each rule names and what it grants, for the compiler', () => {
    const rules: StorageAccessDefinition[] = [
      storageAccessBuilder.groups(['admin', 'editors']).to(['read', 'delete']),
      storageAccessBuilder.resource(generateMonthlyReports).to(['write']),
    ];
    expect(rules.map((r) => r.hearthStorageGrant)).toEqual([
      { grantee: { kind: 'groups', groups: ['admin', 'editors'] }, actions: ['read', 'delete'] },
      { grantee: { kind: 'resource', resource: generateMonthlyReports }, actions: ['write'] },
    ]);
  });
});
