import { a } from '@aws-amplify/data-schema';
import { describe, expect, it } from 'vitest';
import type { FieldIR, ModelIR } from '../types.js';
import { parseAmplifySchema } from './parse-schema.js';

/** What defineData receives: the real builder's transform() SDL, through the IR compiler's parser. */
function parse(schema: { transform(): { schema: string } }) {
  return parseAmplifySchema(schema.transform().schema, 'amplify/data/resource.ts');
}
const modelOf = (models: ModelIR[], name: string) => models.find((m) => m.name === name) as ModelIR;
const fieldOf = (m: ModelIR, name: string) => m.fields.find((f) => f.name === name) as FieldIR;
const pub = (allow: { publicApiKey(): unknown }) => [allow.publicApiKey()] as never;

describe('parseAmplifySchema: field types', () => {
  it('maps every scalar builder to its AppSync scalar', () => {
    const { models } = parse(
      a.schema({
        All: a
          .model({
            i: a.id(),
            s: a.string(),
            n: a.integer(),
            f: a.float(),
            b: a.boolean(),
            d: a.date(),
            t: a.time(),
            dt: a.datetime(),
            ts: a.timestamp(),
            e: a.email(),
            j: a.json(),
            p: a.phone(),
            u: a.url(),
            ip: a.ipAddress(),
          })
          .authorization(pub),
      }),
    );
    const types = Object.fromEntries(modelOf(models, 'All').fields.map((f) => [f.name, f.type.name]));
    expect(types).toMatchObject({
      i: 'ID',
      s: 'String',
      n: 'Int',
      f: 'Float',
      b: 'Boolean',
      d: 'AWSDate',
      t: 'AWSTime',
      dt: 'AWSDateTime',
      ts: 'AWSTimestamp',
      e: 'AWSEmail',
      j: 'AWSJSON',
      p: 'AWSPhone',
      u: 'AWSURL',
      ip: 'AWSIPAddress',
    });
  });

  it('reads required and list nullability as §2 describes', () => {
    const { models } = parse(
      a.schema({
        L: a
          .model({
            a1: a.string().array(),
            a2: a.string().array().required(),
            a3: a.string().required().array(),
            a4: a.string().required().array().required(),
            r: a.string().required(),
          })
          .authorization(pub),
      }),
    );
    const m = modelOf(models, 'L');
    const shape = (n: string) => {
      const f = fieldOf(m, n);
      return [f.isArray, f.required, f.arrayNullable];
    };
    expect([shape('a1'), shape('a2'), shape('a3'), shape('a4'), shape('r')]).toEqual([
      [true, false, true],
      [true, false, false],
      [true, true, true],
      [true, true, false],
      [false, true, true],
    ]);
  });

  it('names inline enums and custom types <Model><Field>, keeps refs, and nests custom types', () => {
    const { models, enums, nonModels } = parse(
      a.schema({
        Kind: a.enum(['A', 'B']),
        Location: a.customType({ city: a.string() }),
        Post: a
          .model({
            status: a.enum(['DRAFT', 'PUBLISHED']),
            kind: a.ref('Kind'),
            loc: a.ref('Location').required(),
            meta: a.customType({ rating: a.integer(), geo: a.customType({ lat: a.float() }) }),
          })
          .authorization(pub),
      }),
    );
    const post = modelOf(models, 'Post');
    expect(fieldOf(post, 'status').type).toEqual({ kind: 'enum', name: 'PostStatus' });
    expect(fieldOf(post, 'kind').type).toEqual({ kind: 'enum', name: 'Kind' });
    expect(fieldOf(post, 'loc')).toMatchObject({ type: { kind: 'nonModel', name: 'Location' }, required: true });
    expect(fieldOf(post, 'meta').type).toEqual({ kind: 'nonModel', name: 'PostMeta' });
    expect(enums).toEqual(
      expect.arrayContaining([
        { name: 'PostStatus', values: ['DRAFT', 'PUBLISHED'] },
        { name: 'Kind', values: ['A', 'B'] },
      ]),
    );
    const meta = nonModels.find((n) => n.name === 'PostMeta');
    expect(meta?.fields.map((f) => [f.name, f.type])).toEqual([
      ['rating', { kind: 'scalar', name: 'Int' }],
      ['geo', { kind: 'nonModel', name: 'PostMetaGeo' }],
    ]);
    expect(nonModels.map((n) => n.name)).toEqual(expect.arrayContaining(['Location', 'PostMeta', 'PostMetaGeo']));
  });

  it('refuses .default() where the default-value transformer does: required fields, enum values not in the enum', () => {
    const sdl = (field: string) => `enum Level { LOW HIGH } type M @model @auth(rules: [{allow: public}]) { ${field} }`;
    expect(() => parseAmplifySchema(sdl('n: Int! @default(value: "1")'), 'amplify/data/resource.ts')).toThrow(
      /amplify\/data\/resource\.ts: M\.n: \.default\(\) cannot be used on a required field/,
    );
    expect(() => parseAmplifySchema(sdl('l: Level @default(value: "MID")'), 'x')).toThrow(/the default "MID" is not a value of enum Level/);
    expect(() => parseAmplifySchema(sdl('t: [String] @default(value: "a")'), 'x')).toThrow(/only be used on scalar or enum fields/);
    expect(parseAmplifySchema(sdl('l: Level @default(value: "HIGH")'), 'x').models[0]?.fields[0]?.defaultValue).toBe('HIGH');
  });

  it('keeps .default(value) as written', () => {
    const { models } = parse(
      a.schema({ D: a.model({ n: a.integer().default(0), s: a.string().default('x'), b: a.boolean().default(true) }).authorization(pub) }),
    );
    const m = modelOf(models, 'D');
    expect([fieldOf(m, 'n').defaultValue, fieldOf(m, 's').defaultValue, fieldOf(m, 'b').defaultValue]).toEqual(['0', 'x', 'true']);
  });
});

describe('parseAmplifySchema: operations, keys, indexes, relationships', () => {
  const ops = (names: string[]) => {
    const { models } = parse(
      a.schema({
        M: a
          .model({ x: a.string() })
          .disableOperations(names as never)
          .authorization(pub),
      }),
    );
    const o = modelOf(models, 'M').operations;
    return (Object.keys(o) as (keyof typeof o)[]).filter((k) => !o[k]);
  };

  it.each([
    [['queries'], ['get', 'list']],
    [['mutations'], ['create', 'update', 'delete']],
    [['subscriptions'], ['onCreate', 'onUpdate', 'onDelete']],
    [['list'], ['list']],
    [['get'], ['get']],
    [['create'], ['create']],
    [['update'], ['update']],
    [['delete'], ['delete']],
    [['onCreate'], ['onCreate']],
    [['onUpdate'], ['onUpdate']],
    [['onDelete'], ['onDelete']],
    [
      ['list', 'update', 'onDelete'],
      ['list', 'update', 'onDelete'],
    ],
  ])('disableOperations(%j) turns off %j', (names, off) => {
    expect(ops(names)).toEqual(off);
  });

  it('reads composite identifiers and secondary indexes with their default and explicit names', () => {
    const { models } = parse(
      a.schema({
        Reading: a
          .model({
            deviceId: a.string().required(),
            year: a.integer().required(),
            ts: a.string().required(),
            status: a.string(),
            v: a.float(),
          })
          .identifier(['deviceId', 'year', 'ts'])
          .secondaryIndexes((index) => [
            index('status').sortKeys(['ts']).queryField('listByStatus'),
            index('v'),
            index('year')
              .name('byYear')
              .queryField(null as never),
          ])
          .authorization(pub),
      }),
    );
    const r = modelOf(models, 'Reading');
    expect(r.primaryKey).toEqual({ partitionKey: 'deviceId', sortKeys: ['year', 'ts'], isCustom: true });
    expect(r.fields.some((f) => f.name === 'id')).toBe(false);
    // in field order, as the SDL carries @index on the partition-key field
    expect(r.secondaryIndexes).toEqual([
      { name: 'byYear', queryField: null, partitionKey: 'year', sortKeys: [] },
      { name: 'readingsByStatusAndTs', queryField: 'listByStatus', partitionKey: 'status', sortKeys: ['ts'] },
      { name: 'readingsByV', queryField: 'listReadingByV', partitionKey: 'v', sortKeys: [] },
    ]);
  });

  it('reads hasMany, belongsTo and hasOne with their references, composite ones included', () => {
    const { models } = parse(
      a.schema({
        Reading: a
          .model({
            d: a.string().required(),
            y: a.integer().required(),
            notes: a.hasMany('Note', ['rd', 'ry']),
            meta: a.hasOne('Meta', ['md', 'my']),
          })
          .identifier(['d', 'y'])
          .authorization(pub),
        Note: a.model({ rd: a.string(), ry: a.integer(), reading: a.belongsTo('Reading', ['rd', 'ry']) }).authorization(pub),
        Meta: a.model({ md: a.string(), my: a.integer(), reading: a.belongsTo('Reading', ['md', 'my']) }).authorization(pub),
      }),
    );
    expect(fieldOf(modelOf(models, 'Reading'), 'notes')).toMatchObject({
      type: { kind: 'model', name: 'Note' },
      isArray: true,
      association: { connectionType: 'HAS_MANY', references: ['rd', 'ry'] },
    });
    expect(fieldOf(modelOf(models, 'Reading'), 'meta')).toMatchObject({
      isArray: false,
      association: { connectionType: 'HAS_ONE', references: ['md', 'my'] },
    });
    expect(fieldOf(modelOf(models, 'Note'), 'reading').association).toEqual({ connectionType: 'BELONGS_TO', references: ['rd', 'ry'] });
  });

  // data-schema checks references itself; a raw SDL string reaches only Hearth's checks
  it('names the user file when references do not match the parent key or name no field', () => {
    const sdl = (
      memberFields: string,
    ) => `type Team @model @auth(rules: [{allow: public}]) { members: [Member] @hasMany(references: ["teamId"]) }
      type Member @model @auth(rules: [{allow: public}]) { ${memberFields} }`;
    expect(() =>
      parseAmplifySchema(sdl('teamId: ID extra: ID team: Team @belongsTo(references: ["teamId", "extra"])'), 'amplify/data/resource.ts'),
    ).toThrow(
      /amplify\/data\/resource\.ts: Member\.team: references \[teamId, extra\] must name one field of Member per primary-key field of Team \(id\)/,
    );
    expect(() => parseAmplifySchema(sdl('name: String'), 'amplify/data/resource.ts')).toThrow(
      /Team\.members: the reference field teamId is not a field of Member; declare it/,
    );
  });

  it('refuses a Boolean sort key, which Amplify has no key condition for', () => {
    const s = a.schema({
      Task: a
        .model({ k: a.string(), flag: a.boolean() })
        .secondaryIndexes((i) => [i('k').sortKeys(['flag'] as never)])
        .authorization(pub),
    });
    expect(() => parse(s)).toThrow(/model Task: the sort key flag of index tasksByKAndFlag cannot be a Boolean/);
  });
});
