import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userProfileDataIR } from '../../test/support/codegen-user-profile-schema.js';
import { printServedSdl } from '../data/schema/index.js';
import { generateGraphqlClientCode } from './client-code.js';

// the SDL Hearth actually serves for the example app, as `hearth generate` passes it
const userProfileServedSdl = printServedSdl(userProfileDataIR());

describe('generateGraphqlClientCode', () => {
  it('writes statements and API.ts for the UserProfile schema, as ampx does', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'hearth-gql-'));
    const files = await generateGraphqlClientCode({ sdl: userProfileServedSdl, outDir });
    expect(files.map((f) => basename(f)).sort()).toEqual(['API.ts', 'mutations.ts', 'queries.ts', 'subscriptions.ts']);
    const mutations = await readFile(join(outDir, 'mutations.ts'), 'utf8');
    expect(mutations).toContain('import * as APITypes from "./API";');
    expect(mutations).toContain('export const createUserProfile = /* GraphQL */ `mutation CreateUserProfile(');
    expect(mutations).toContain('$input: CreateUserProfileInput!');
    const api = await readFile(join(outDir, 'API.ts'), 'utf8');
    expect(api).toContain('export type CreateUserProfileMutationVariables = {');
    expect(api).toContain('export type UserProfile = {');
  });

  it('writes graphql statements without types for the graphql target', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'hearth-gql-'));
    const files = await generateGraphqlClientCode({ sdl: userProfileServedSdl, outDir, statementTarget: 'graphql' });
    expect(files.map((f) => basename(f)).sort()).toEqual(['mutations.graphql', 'queries.graphql', 'subscriptions.graphql']);
  });
});
