import { describe, expect, it } from 'vitest';
import { userProfileDataIR } from '../../test/support/codegen-user-profile-schema.js';
import { buildModelIntrospection } from './model-introspection.js';

interface Introspection {
  version: number;
  models: Record<
    string,
    {
      fields: Record<string, Record<string, unknown>>;
      attributes: { type: string; properties: { rules?: unknown[] } }[];
      primaryKeyInfo: unknown;
      pluralName: string;
    }
  >;
}

describe('buildModelIntrospection', () => {
  const mi = buildModelIntrospection(userProfileDataIR()) as Introspection;
  const model = mi.models.UserProfile;

  it('describes UserProfile as Amplify does (reference §5.1)', () => {
    expect(mi.version).toBe(1);
    expect(Object.keys(model?.fields ?? {})).toEqual(['id', 'email', 'profileOwner', 'createdAt', 'updatedAt']);
    expect(model?.fields.id).toMatchObject({ type: 'ID', isRequired: true, isArray: false });
    expect(model?.fields.createdAt).toMatchObject({ type: 'AWSDateTime', isRequired: false, isReadOnly: true });
    expect(model?.pluralName).toBe('UserProfiles');
    expect(model?.primaryKeyInfo).toEqual({ isCustomPrimaryKey: false, primaryKeyFieldName: 'id', sortKeyFieldNames: [] });
  });

  it('carries the owner rule on profileOwner', () => {
    const auth = model?.attributes.find((a) => a.type === 'auth');
    expect(auth?.properties.rules).toEqual([
      {
        provider: 'userPools',
        ownerField: 'profileOwner',
        allow: 'owner',
        identityClaim: 'cognito:username',
        operations: ['create', 'update', 'delete', 'read'],
      },
    ]);
  });
});
