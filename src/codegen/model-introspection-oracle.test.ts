import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../test/support/app-copy.js';
import { schemasInRepo } from '../../test/support/schemas-in-repo.js';
import { buildIntrospection, UnmodelledSdl } from './introspection/index.js';
import { buildModelIntrospection, generateWithGenerator } from './model-introspection.js';

/**
 * Shapes no app in the repo has yet, so the native builder is held to the generator on them too:
 * implied foreign keys (hasOne/hasMany/belongsTo without `references`), `fields`-style relations,
 * composite and custom primary keys, unnamed indexes, timestamps renamed and off, the auth rule
 * variants, custom types, inputs, unions, all three root types with list arguments.
 */
const EDGE_SCHEMAS = [
  `type Blog @model { name: String! posts: [Post] @hasMany }
   type Post @model @auth(rules: [{allow: owner, identityClaim: "sub"}, {allow: groups, groupsField: "editors"}, {allow: groups, groups: ["Admin"], operations: [read]}]) {
     title: String! blog: Blog @belongsTo comments: [Comment] @hasMany(indexName: "byPost", fields: ["id"]) meta: Meta @hasOne }
   type Comment @model { postID: ID! @index(name: "byPost", sortKeyFields: ["content"]) content: String! post: Post @belongsTo(fields: ["postID"]) }
   type Meta @model(timestamps: { createdAt: "made", updatedAt: null }) { words: Int }`,
  `type Order @model(timestamps: null) @auth(rules: [{allow: private, provider: iam}, {allow: owner, ownerField: "buyer", identityClaim: "username"}]) {
     customerId: ID! @primaryKey(sortKeyFields: ["placedAt", "number"]) placedAt: AWSDateTime! number: Int!
     status: Status @index @index(name: "byStatusAndCustomer", sortKeyFields: ["customerId"], queryField: "ordersByStatus")
     lines: [Line] @hasMany tags: [String!]! address: Address audit: [AWSJSON]! }
   type Line @model { sku: String! @primaryKey qty: Int! order: Order @belongsTo }
   type Address { street: String geo: Geo }
   type Geo { lat: Float! lng: Float! }
   enum Status { OPEN shipped Cancelled_Late }
   union Found = Order | Line
   input LineInput { sku: String! qty: Int tags: [String!] }
   type Query { search(q: String!, limit: Int, statuses: [Status!]!): [Found] orderCount(where: LineInput): Int! echo(x: [String]): [String]! }
   type Mutation { place(lines: [LineInput!]!): Order }
   type Subscription { onPlace(customerId: ID): Order @aws_subscribe(mutations: ["place"]) }`,
  `type Person @model { id: ID! name: String profile: Profile @hasOne(references: ["personId"]) }
   type Profile @model { personId: ID bio: String person: Person @belongsTo(references: "personId") }
   type Team @model { teamId: String! @primaryKey(sortKeyFields: ["region"]) region: String! members: [Member] @hasMany(references: ["teamId", "region"]) }
   type Member @model { teamId: String region: String team: Team @belongsTo(references: ["teamId", "region"]) boss: Person }`,
];

const { found, skipped } = schemasInRepo(repoRoot);

describe('native model introspection, with @aws-amplify/graphql-generator as the oracle', () => {
  it('finds the schemas of the tests, fixture apps, examples and bench apps', () => {
    // what could not be evaluated alone (a helper's result), for the record
    if (skipped.length > 0) console.info(`schemas not evaluated: ${skipped.length}\n${skipped.join('\n')}`);
    expect(found.length).toBeGreaterThan(40);
    for (const dir of ['examples/blog/', 'examples/user-profile/', 'bench/apps/catalog/', 'test/fixtures/gen2-apps/owner-todo/']) {
      expect(found.some((s) => s.where.includes(dir))).toBe(true);
    }
  });

  it.each(EDGE_SCHEMAS.map((sdl, i) => [`edge schema ${i + 1}`, sdl]).concat(found.map((s) => [s.where, s.sdl])))(
    '%s: the same JSON, byte for byte',
    (_where, sdl) => {
      const expected = generatorJson(sdl as string);
      const native = nativeJson(sdl as string);
      if (expected instanceof Error) {
        // the generator refuses it: so must the native builder (and the start then reports the generator's error)
        expect(native).toBeInstanceOf(Error);
        return;
      }
      // only the SDL the native builder leaves to the generator may fall back
      if (native instanceof UnmodelledSdl) expect(JSON.stringify(buildModelIntrospection(dataIR(sdl as string)))).toBe(expected);
      else expect(native).toBe(expected);
    },
  );

  it('the edge schemas are built natively, not by the fallback', () => {
    for (const sdl of EDGE_SCHEMAS) expect(nativeJson(sdl)).toBe(generatorJson(sdl));
  });

  it('falls back to the generator for many-to-many (not native) and matches it', () => {
    const sdl = `type Post @model { tags: [Tag] @manyToMany(relationName: "PostTags") }
                 type Tag @model { posts: [Post] @manyToMany(relationName: "PostTags") }`;
    expect(nativeJson(sdl)).toBeInstanceOf(UnmodelledSdl);
    const mi = buildModelIntrospection(dataIR(sdl)) as { models: Record<string, unknown> };
    expect(Object.keys(mi.models)).toEqual(['Post', 'Tag', 'PostTags']);
    expect(JSON.stringify(mi)).toBe(generatorJson(sdl));
  });
});

function generatorJson(sdl: string): string | Error {
  try {
    return JSON.stringify(generateWithGenerator(sdl));
  } catch (e) {
    return e as Error;
  }
}

function nativeJson(sdl: string): string | Error {
  try {
    return JSON.stringify(buildIntrospection(sdl));
  } catch (e) {
    return e as Error;
  }
}

const dataIR = (inputSdl: string) => ({ inputSdl }) as Parameters<typeof buildModelIntrospection>[0];
