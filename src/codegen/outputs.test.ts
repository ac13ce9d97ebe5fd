import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userProfileDataIR } from '../../test/support/codegen-user-profile-schema.js';
import { ENTITY_SUBSTITUTION } from '../ir/compile-storage-paths.js';
import type { AuthIR, BackendIR, StorageIR } from '../ir/types.js';
import { buildOutputs, writeOutputs } from './outputs.js';

const auth: AuthIR = {
  userPoolId: 'us-east-1_hearth',
  userPoolClientId: 'hearthclient',
  identityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000',
  loginWith: { email: true, phone: false },
  requiredAttributes: ['email'],
  groups: ['ADMINS', 'EDITORS'],
  triggers: { postConfirmation: 'post-confirmation' },
  passwordPolicy: { minLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
  allowUnauthenticatedIdentities: true,
};
const ir: BackendIR = { projectRoot: '/app', region: 'us-east-1', auth, data: userProfileDataIR(), functions: [], addedOutputs: [] };
const opts = {
  baseUrl: 'http://127.0.0.1:4000',
  dataUrl: 'http://127.0.0.1:4000/graphql',
  cognitoUrl: 'http://127.0.0.1:4000/cognito',
  mailboxUrl: 'http://127.0.0.1:4000/_hearth/mailbox',
  apiKey: 'da2-local',
};

describe('buildOutputs', () => {
  const outputs = buildOutputs(ir, opts);

  it('writes auth as ampx does', () => {
    expect(outputs.auth).toEqual({
      user_pool_id: 'us-east-1_hearth',
      aws_region: 'us-east-1',
      user_pool_client_id: 'hearthclient',
      identity_pool_id: auth.identityPoolId,
      mfa_methods: [],
      standard_required_attributes: ['email'],
      username_attributes: ['email'],
      user_verification_types: ['email'],
      groups: [{ ADMINS: { precedence: 0 } }, { EDITORS: { precedence: 1 } }],
      mfa_configuration: 'NONE',
      password_policy: { min_length: 8, require_lowercase: true, require_numbers: true, require_symbols: true, require_uppercase: true },
      unauthenticated_identities_enabled: true,
    });
  });

  it('lists only the additional auth modes and embeds model introspection', () => {
    expect(outputs.data).toMatchObject({
      url: opts.dataUrl,
      aws_region: 'us-east-1',
      api_key: 'da2-local',
      default_authorization_type: 'API_KEY',
      authorization_types: ['AMAZON_COGNITO_USER_POOLS', 'AWS_IAM'],
      model_introspection: { version: 1 },
    });
  });

  it('puts the Cognito endpoints in custom.hearth and version last', () => {
    expect(outputs.custom).toEqual({
      hearth: {
        userPoolEndpoint: opts.cognitoUrl,
        identityPoolEndpoint: opts.cognitoUrl,
        mailboxUrl: 'http://127.0.0.1:4000/_hearth/mailbox',
      },
    });
    expect(Object.keys(outputs).at(-1)).toBe('version');
    expect(outputs.version).toBe('1.5');
  });

  it('carries no secret', () => {
    const text = JSON.stringify(outputs).toLowerCase();
    for (const word of ['secret', 'private', 'signing', 'sessiontoken', 'accesskey', 'password"']) expect(text).not.toContain(word);
  });

  it("merges backend.addOutput values in call order, keeping Hearth's own sections", () => {
    const added = buildOutputs(
      {
        ...ir,
        addedOutputs: [
          { custom: { featureFlags: { beta: true }, region: 'x' }, version: '1.4' },
          { custom: { featureFlags: { gamma: 1 } }, analytics: { amazon_pinpoint: { app_id: 'a' } } },
        ],
      },
      opts,
    );
    expect(added.custom).toMatchObject({
      featureFlags: { beta: true, gamma: 1 },
      region: 'x',
      hearth: { userPoolEndpoint: opts.cognitoUrl },
    });
    expect(added.analytics).toEqual({ amazon_pinpoint: { app_id: 'a' } });
    expect(added.version).toBe('1.5');
    expect(Object.keys(added).at(-1)).toBe('version');
  });

  it('names no mailbox where none is served (hearth start)', () => {
    const prod = buildOutputs(ir, { ...opts, mailboxUrl: undefined });
    expect(prod.custom).toEqual({ hearth: { userPoolEndpoint: opts.cognitoUrl, identityPoolEndpoint: opts.cognitoUrl } });
  });

  it('leaves out sections the backend does not define', () => {
    const bare = buildOutputs({ ...ir, auth: undefined, data: undefined }, opts);
    expect(Object.keys(bare)).toEqual(['custom', 'version']);
  });

  it('writes amplify_outputs.json with two-space indentation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hearth-outputs-'));
    const file = await writeOutputs(dir, outputs);
    expect(await readFile(file, 'utf8')).toBe(JSON.stringify(outputs, null, 2));
  });
});

describe('buildOutputs storage', () => {
  const OWNER = ENTITY_SUBSTITUTION;
  const storage: StorageIR = {
    buckets: [
      {
        name: 'amplifyTeamDrive',
        bucketName: 'amplify-app-amplifyteamdrive-1a2b3c4d',
        isDefault: true,
        paths: [
          {
            path: 'profile-pictures/{entity_id}/*',
            grants: [
              { principal: { kind: 'guest' }, actions: ['get', 'list'] },
              { principal: { kind: 'entity' }, actions: ['get', 'list', 'write', 'delete'] },
            ],
          },
          {
            path: 'media/*',
            grants: [
              { principal: { kind: 'authenticated' }, actions: ['get', 'list', 'write'] },
              { principal: { kind: 'group', group: 'ADMINS' }, actions: ['get', 'list', 'write', 'delete'] },
            ],
          },
          { path: 'reports/*', grants: [{ principal: { kind: 'resource', functionName: 'reporter' }, actions: ['write'] }] },
        ],
        triggers: {},
        definedIn: 'amplify/storage/resource.ts',
      },
      {
        name: 'archive',
        bucketName: 'amplify-app-archive-5e6f7a8b',
        isDefault: false,
        paths: [],
        triggers: {},
        definedIn: 'amplify/storage/resource.ts',
      },
    ],
  };
  const withStorage = buildOutputs({ ...ir, storage }, opts);

  it('writes the storage section as Amplify does: the default bucket, then every bucket with its paths', () => {
    // the IAM variable amplify-js replaces with the identity id (internals/utils/constants ENTITY_IDENTITY_URL)
    expect(OWNER).toBe(`$${'{'}cognito-identity.amazonaws.com:sub}`);
    expect(withStorage.storage).toEqual({
      aws_region: 'us-east-1',
      bucket_name: 'amplify-app-amplifyteamdrive-1a2b3c4d',
      buckets: [
        {
          name: 'amplifyTeamDrive',
          bucket_name: 'amplify-app-amplifyteamdrive-1a2b3c4d',
          aws_region: 'us-east-1',
          paths: {
            'profile-pictures/*': { guest: ['get', 'list'] },
            [`profile-pictures/${OWNER}/*`]: { entityidentity: ['get', 'list', 'write', 'delete'] },
            'media/*': { authenticated: ['get', 'list', 'write'], groupsADMINS: ['get', 'list', 'write', 'delete'] },
            'reports/*': {},
          },
        },
        { name: 'archive', bucket_name: 'amplify-app-archive-5e6f7a8b', aws_region: 'us-east-1' },
      ],
    });
  });

  it('puts the S3 endpoint in custom.hearth, only when storage is defined', () => {
    expect(withStorage.custom).toMatchObject({ hearth: { storageEndpoint: 'http://127.0.0.1:4000/s3' } });
    expect(buildOutputs({ ...ir, storage }, { ...opts, storageUrl: 'https://files.example.com/s3' }).custom).toMatchObject({
      hearth: { storageEndpoint: 'https://files.example.com/s3' },
    });
    const none = buildOutputs(ir, opts);
    expect(JSON.stringify(none.custom)).not.toContain('storageEndpoint');
    expect(none.storage).toBeUndefined();
  });
});
