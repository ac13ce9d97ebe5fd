import { a } from '@aws-amplify/data-schema';
import { describe, expect, it } from 'vitest';
import { dataIR } from '../../../test/support/data-builders.js';
import { parseAmplifySchema } from '../../ir/data/parse-schema.js';
import { buildExecutableSchema } from './build-executable-schema.js';
import { printServedSdl } from './print-served-sdl.js';

const pub = (allow: { publicApiKey(): unknown }) => [allow.publicApiKey()] as never;

function sdlOf(schema: { transform(): { schema: string } }): string {
  const p = parseAmplifySchema(schema.transform().schema, 'amplify/data/resource.ts');
  const ir = dataIR(p.models, { enums: p.enums, nonModels: p.nonModels });
  expect(() => buildExecutableSchema(ir)).not.toThrow();
  return printServedSdl(ir);
}

/** One definition block (`input X {…}`, `type X … {…}`) of the SDL. */
function blockOf(sdl: string, head: string): string | undefined {
  const start = sdl.indexOf(`${head} `);
  if (start < 0) return undefined;
  return sdl.slice(start, sdl.indexOf('\n}', start) + 2);
}

const blog = a.schema({
  Label: a.enum(['A', 'B']),
  Author: a.model({ name: a.string(), posts: a.hasMany('Post', 'authorId'), profile: a.hasOne('Profile', 'authorId') }).authorization(pub),
  Profile: a.model({ bio: a.string(), authorId: a.id(), author: a.belongsTo('Author', 'authorId') }).authorization(pub),
  Post: a
    .model({
      title: a.string().required(),
      status: a.enum(['DRAFT', 'PUBLISHED']),
      labels: a.ref('Label').array(),
      rank: a.integer(),
      createdAt: a.datetime(),
      authorId: a.id(),
      author: a.belongsTo('Author', 'authorId'),
    })
    .secondaryIndexes((index) => [
      index('status').sortKeys(['createdAt']).queryField('listPostByStatus'),
      index('title').sortKeys(['rank']),
      index('authorId').queryField(null as never),
    ])
    .authorization(pub),
  Tag: a.model({ category: a.string().required(), name: a.string().required() }).identifier(['category', 'name']).authorization(pub),
  Reading: a
    .model({ deviceId: a.string().required(), year: a.integer().required(), ts: a.datetime().required(), value: a.float() })
    .identifier(['deviceId', 'year', 'ts'])
    .secondaryIndexes((index) => [index('value').sortKeys(['year', 'ts'])])
    .disableOperations(['queries', 'subscriptions'])
    .authorization(pub),
});

describe('printServedSdl: relationships', () => {
  const sdl = sdlOf(blog);

  it('prints hasMany as a connection and belongsTo/hasOne as the related type, in declared order', () => {
    expect(blockOf(sdl, 'type Author')).toBe(`type Author @aws_iam @aws_api_key {
  name: String
  posts(filter: ModelPostFilterInput, sortDirection: ModelSortDirection, limit: Int, nextToken: String): ModelPostConnection
  profile: Profile
  id: ID!
  createdAt: AWSDateTime!
  updatedAt: AWSDateTime!
}`);
    expect(blockOf(sdl, 'type Profile')).toContain('  authorId: ID\n  author: Author\n');
  });

  it('leaves relationship fields out of filter, condition and mutation inputs', () => {
    for (const head of [
      'input ModelAuthorFilterInput',
      'input ModelAuthorConditionInput',
      'input CreateAuthorInput',
      'input UpdateAuthorInput',
    ]) {
      expect(blockOf(sdl, head)).not.toMatch(/posts|profile/);
    }
    expect(blockOf(sdl, 'input CreateProfileInput')).toBe('input CreateProfileInput {\n  bio: String\n  authorId: ID\n  id: ID\n}');
  });
});

describe('printServedSdl: secondary indexes and composite keys', () => {
  const sdl = sdlOf(blog);
  const query = blockOf(sdl, 'type Query') ?? '';

  it('adds index query fields right after their model’s get and list, with the transformer’s argument order', () => {
    const names = [...query.matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'getAuthor',
      'listAuthors',
      'getProfile',
      'listProfiles',
      'getPost',
      'listPosts',
      // @index directives are visited in field order: title is declared before status
      'listPostByTitleAndRank',
      'listPostByStatus',
      'getTag',
      'listTags',
      'listReadingByValueAndYearAndTs',
    ]);
    expect(query).toContain(
      '  listPostByStatus(status: PostStatus!, createdAt: ModelStringKeyConditionInput, sortDirection: ModelSortDirection, filter: ModelPostFilterInput, limit: Int, nextToken: String): ModelPostConnection @aws_iam @aws_api_key\n',
    );
    expect(query).toContain('listPostByTitleAndRank(title: String!, rank: ModelIntKeyConditionInput, sortDirection');
    expect(query).toContain(
      'listReadingByValueAndYearAndTs(value: Float!, yearTs: ModelReadingReadingsByValueAndYearAndTsCompositeKeyConditionInput, sortDirection',
    );
  });

  it('prints the shared key-condition inputs with the operators of their scalar', () => {
    expect(blockOf(sdl, 'input ModelStringKeyConditionInput')).toBe(`input ModelStringKeyConditionInput {
  eq: String
  le: String
  lt: String
  ge: String
  gt: String
  between: [String]
  beginsWith: String
}`);
    expect(blockOf(sdl, 'input ModelIntKeyConditionInput')).toBe(`input ModelIntKeyConditionInput {
  eq: Int
  le: Int
  lt: Int
  ge: Int
  gt: Int
  between: [Int]
}`);
  });

  it('prints composite key inputs per key, the last field mapped to its scalar family', () => {
    expect(
      blockOf(sdl, 'input ModelReadingReadingsByValueAndYearAndTsCompositeKeyConditionInput'),
    ).toBe(`input ModelReadingReadingsByValueAndYearAndTsCompositeKeyConditionInput {
  eq: ModelReadingReadingsByValueAndYearAndTsCompositeKeyInput
  le: ModelReadingReadingsByValueAndYearAndTsCompositeKeyInput
  lt: ModelReadingReadingsByValueAndYearAndTsCompositeKeyInput
  ge: ModelReadingReadingsByValueAndYearAndTsCompositeKeyInput
  gt: ModelReadingReadingsByValueAndYearAndTsCompositeKeyInput
  between: [ModelReadingReadingsByValueAndYearAndTsCompositeKeyInput]
  beginsWith: ModelReadingReadingsByValueAndYearAndTsCompositeKeyInput
}`);
    expect(blockOf(sdl, 'input ModelReadingPrimaryCompositeKeyInput')).toBe(
      'input ModelReadingPrimaryCompositeKeyInput {\n  year: Int\n  ts: String\n}',
    );
  });

  it('keeps an index without a query field out of Query, and serves index queries when get/list are disabled', () => {
    expect(query).not.toContain('ByAuthorId');
    expect(query).not.toMatch(/getReading|listReadings/);
  });

  it('keeps an id in the filter inputs of a custom primary key, where the implicit one would be', () => {
    expect(blockOf(sdl, 'input ModelTagFilterInput')).toContain(
      '  name: ModelStringInput\n  id: ModelIDInput\n  createdAt: ModelStringInput\n',
    );
    expect(blockOf(sdl, 'input ModelSubscriptionTagFilterInput')).toContain(
      '  name: ModelSubscriptionStringInput\n  id: ModelSubscriptionIDInput\n',
    );
    expect(blockOf(sdl, 'type Tag')).not.toContain('id:');
  });

  it('prints no subscription filter for a model without subscriptions', () => {
    expect(sdl).not.toContain('ModelSubscriptionReadingFilterInput');
  });

  it('gives a connection type the directives of the models whose hasMany returns it', () => {
    const s = sdlOf(
      a.schema({
        Post: a.model({ comments: a.hasMany('Comment', 'postId') }).authorization((allow) => [allow.publicApiKey()]),
        Comment: a.model({ postId: a.id(), post: a.belongsTo('Post', 'postId') }).authorization((allow) => [allow.authenticated()]),
      }),
    );
    expect(s).toContain('type ModelCommentConnection @aws_iam @aws_cognito_user_pools @aws_api_key {');
    expect(s).toContain('type Comment @aws_iam @aws_cognito_user_pools {');
  });

  it('prints list and get arguments of a composite primary key', () => {
    const s = sdlOf(
      a.schema({
        Reading: a
          .model({ deviceId: a.string().required(), year: a.integer().required(), ts: a.datetime().required() })
          .identifier(['deviceId', 'year', 'ts'])
          .authorization(pub),
      }),
    );
    expect(s).toContain('  getReading(deviceId: String!, year: Int!, ts: AWSDateTime!): Reading');
    expect(s).toContain(
      '  listReadings(deviceId: String, yearTs: ModelReadingPrimaryCompositeKeyConditionInput, filter: ModelReadingFilterInput, limit: Int, nextToken: String, sortDirection: ModelSortDirection): ModelReadingConnection',
    );
    expect(blockOf(s, 'input DeleteReadingInput')).toBe(
      'input DeleteReadingInput {\n  deviceId: String!\n  year: Int!\n  ts: AWSDateTime!\n}',
    );
  });
});

describe('printServedSdl: enums and custom types', () => {
  const sdl = sdlOf(blog);

  it('filters enum lists with Model<Enum>ListInput and enums with Model<Enum>Input', () => {
    expect(blockOf(sdl, 'input ModelPostFilterInput')).toContain('  status: ModelPostStatusInput\n  labels: ModelLabelListInput\n');
    expect(blockOf(sdl, 'input ModelLabelListInput')).toBe(
      'input ModelLabelListInput {\n  eq: [Label]\n  ne: [Label]\n  contains: Label\n  notContains: Label\n}',
    );
  });

  it('prints nested custom types and their inputs', () => {
    const s = sdlOf(
      a.schema({
        Place: a.model({ meta: a.customType({ name: a.string().required(), geo: a.customType({ lat: a.float() }) }) }).authorization(pub),
      }),
    );
    expect(blockOf(s, 'type PlaceMeta')).toBe('type PlaceMeta @aws_iam @aws_api_key {\n  name: String!\n  geo: PlaceMetaGeo\n}');
    expect(blockOf(s, 'input PlaceMetaInput')).toBe('input PlaceMetaInput {\n  name: String!\n  geo: PlaceMetaGeoInput\n}');
    expect(blockOf(s, 'input CreatePlaceInput')).toContain('  meta: PlaceMetaInput\n');
  });
});
