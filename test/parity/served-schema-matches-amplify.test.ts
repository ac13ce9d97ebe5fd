/**
 * Issue 3: "The served schema has the same types, fields, arguments and inputs as the schema
 * Amplify deploys, including the AppSync scalars and directives."
 *
 * The expected SDL is what Amplify's own transformer (graphql-api-construct, as defineData drives
 * it) produced for test/fixtures/parity/blog-schema.ts; scripts/capture-parity-sdl.mjs regenerates
 * it. A failure prints every structural difference, grouped (expected = Amplify, actual = Hearth).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDefinition } from '../../src/backend/definition.js';
import { buildExecutableSchema } from '../../src/data/schema/build-executable-schema.js';
import { compileBackend } from '../../src/ir/compile.js';
import { BLOG_VARIANTS, blogSchema, type FunctionRef } from '../fixtures/parity/blog-schema.js';
import { diffSdl, formatSdlDiff } from '../support/sdl-diff.js';

const fixtures = join(import.meta.dirname, '../fixtures/parity');
const artifacts = join(import.meta.dirname, '../../test-artifacts/parity');
const root = mkdtempSync(join(tmpdir(), 'hearth-parity-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A defineFunction result whose handler file exists, as `amplify/functions/<name>/resource.ts` makes it. */
function fn(name: string): FunctionRef {
  const dir = join(root, 'amplify/functions', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'handler.ts'), 'export const handler = async () => null;');
  return makeDefinition('function', { name }, join(dir, 'resource.ts')) as unknown as FunctionRef;
}

function hearthServedSdl(variant: keyof typeof BLOG_VARIANTS): string {
  const schema = blogSchema({ summarizePost: fn('summarize-post'), publishPost: fn('publish-post') });
  const at = (file: string) => join(root, 'amplify', file);
  const auth = makeDefinition('auth', { loginWith: { email: true } }, at('auth/resource.ts'));
  const data = makeDefinition('data', { schema, authorizationModes: BLOG_VARIANTS[variant] }, at('data/resource.ts'));
  const { ir } = compileBackend({ resources: { auth, data }, outputs: [], definedIn: at('backend.ts') }, root);
  if (!ir.data) throw new Error('the blog backend compiled without data');
  return buildExecutableSchema(ir.data).servedSdl;
}

const amplifySdl = (variant: string) => readFileSync(join(fixtures, `${variant}.amplify.graphql`), 'utf8');

describe('the served schema matches what Amplify deploys', () => {
  it('the captured fixtures come from the current blog-schema.ts (re-run scripts/capture-parity-sdl.mjs if not)', () => {
    const fnRef = { getInstance: () => undefined } as unknown as FunctionRef;
    const input = blogSchema({ summarizePost: fnRef, publishPost: fnRef }).transform().schema;
    expect(input).toBe(readFileSync(join(fixtures, 'blog.input.graphql'), 'utf8'));
  });

  it.each(Object.keys(BLOG_VARIANTS) as (keyof typeof BLOG_VARIANTS)[])(
    '%s: same types, fields, arguments, inputs and directives',
    (variant) => {
      const hearth = hearthServedSdl(variant);
      // kept for a plain `diff` against the fixture when this fails
      mkdirSync(artifacts, { recursive: true });
      writeFileSync(join(artifacts, `${variant}.hearth.graphql`), hearth);
      // directive order on a type or field is invisible to AppSync clients; everything else counts
      const diffs = diffSdl(amplifySdl(variant), hearth, { directiveOrder: false });
      expect(formatSdlDiff(diffs)).toBe('no structural differences');
    },
  );
});
