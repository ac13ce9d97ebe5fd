import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataIR, field, model, rules } from '../../test/support/data-builders.js';
import { callers, clockAt, countingIds } from '../../test/support/data-fakes.js';
import { type Engine, engines, engineTitle } from '../../test/support/sql-engines.js';
import { migrateModelTables } from '../db/sql/model-tables.js';
import { createSqlRecordStore } from '../db/sql/record-store.js';
import type { AuthRuleIR, ModelIR } from '../ir/types.js';
import { createDataService } from './create-data-service.js';
import type { Caller, DataService, GraphQLResponse } from './types.js';

const read = (r: AuthRuleIR): AuthRuleIR => ({ ...r, operations: ['get', 'list', 'listen', 'sync', 'search'] });
const ownerOnly = (ownerField = 'owner', ops?: AuthRuleIR['operations']) => ({
  ...rules.owner(ownerField),
  ...(ops ? { operations: ops } : {}),
});

/**
 * Doc: any signed-in user reads; the owner does everything; editors listed in `editors` may update.
 * `secret` is the owner's alone; `owner` may be read but not written (Amplify's documented way to
 * stop owners handing records to someone else).
 */
function docModel(prefix: string): ModelIR {
  return model(
    'Doc',
    [
      field('title'),
      field('secret', 'String', { authRules: [ownerOnly('owner', ['create', 'update', 'get', 'list', 'listen'])] }),
      field('editors', 'String', { isArray: true }),
    ],
    {
      authRules: [
        read(rules.authenticated()),
        rules.owner(),
        { ...rules.groups([]), groups: undefined, groupsField: 'editors', operations: ['update', 'get'] },
      ],
      trailing: [field('owner', 'String', { authRules: [ownerOnly('owner', ['get', 'list', 'listen'])] })],
      tableName: `${prefix}Doc`,
    },
  );
}

/** Shared: owners listed in `owners` do everything; nothing else reaches it. */
function sharedModel(prefix: string): ModelIR {
  return model('Shared', [field('title'), field('owners', 'String', { isArray: true })], {
    authRules: [rules.owner('owners')],
    tableName: `${prefix}Shared`,
  });
}

/** Gate: only requests the Lambda authorizer let in. */
function gateModel(prefix: string): ModelIR {
  return model('Gate', [field('title'), field('code')], {
    authRules: [{ allow: 'custom', provider: 'function', operations: ['create', 'update', 'delete', 'get', 'list', 'listen'] }],
    tableName: `${prefix}Gate`,
  });
}

const alice = callers.user('a-sub', 'alice');
const bob = callers.user('b-sub', 'bob', ['Editors']);
const carol = callers.user('c-sub', 'carol');

function run(data: DataService, caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  return data.execute({ query, variables }, caller);
}

const fieldRefusal = (path: (string | number)[], field: string, type: string) => ({
  path,
  data: null,
  errorType: 'Unauthorized',
  errorInfo: null,
  locations: [expect.objectContaining({ sourceName: null })],
  message: `Not Authorized to access ${field} on type ${type}`,
});

describe.each(engines)('field-level authorization and list filtering', (engine: Engine) => {
  let data: DataService;
  let close: () => Promise<void>;

  describe.skipIf(Boolean(engine.skip))(engineTitle(engine, 'data service'), () => {
    beforeAll(async () => {
      const opened = await engine.open();
      close = opened.close;
      const ir = dataIR([docModel(opened.prefix), sharedModel(opened.prefix), gateModel(opened.prefix)], {
        authModes: ['userPool', 'iam', 'lambda'],
        lambdaAuthorizer: { functionName: 'gatekeeper', ttlSeconds: 60 },
        resourceAccess: [{ functionName: 'writer', actions: ['mutate'] }],
      });
      await migrateModelTables(opened.db, opened.d, ir.models);
      data = createDataService({
        ir,
        records: createSqlRecordStore(opened.db, opened.d),
        clock: clockAt(),
        ids: countingIds(engine.name),
        cursorKey: Buffer.alloc(32, 1),
      });
      await run(data, alice, 'mutation { createDoc(input: {id: "d1", title: "plan", secret: "s3cret", editors: ["Editors"]}) { id } }');
      await run(data, alice, 'mutation { createDoc(input: {id: "d2", title: "notes", secret: "other"}) { id } }');
    });
    afterAll(() => close?.());

    it('the owner reads every field', async () => {
      const res = await run(data, alice, '{ getDoc(id: "d1") { title secret owner } }');
      expect(res).toEqual({ data: { getDoc: { title: 'plan', secret: 's3cret', owner: 'alice' } } });
    });

    it('another user gets the record with the protected fields nulled and an error at each path', async () => {
      const res = await run(data, carol, '{ getDoc(id: "d1") { id title secret owner } }');
      // `owner` too: its field rule lets only the owner read it
      expect(res).toEqual({
        data: { getDoc: { id: 'd1', title: 'plan', secret: null, owner: null } },
        errors: [fieldRefusal(['getDoc', 'secret'], 'secret', 'Doc'), fieldRefusal(['getDoc', 'owner'], 'owner', 'Doc')],
      });
    });

    it('a list nulls the field in every item, one error per item', async () => {
      const res = await run(data, carol, '{ listDocs { items { id title secret } } }');
      const items = (res.data as { listDocs: { items: { id: string; secret: unknown }[] } }).listDocs.items;
      expect(items.map((i) => [i.id, i.secret])).toEqual([
        ['d1', null],
        ['d2', null],
      ]);
      expect(res.errors?.map((e) => e.path)).toEqual([
        ['listDocs', 'items', 0, 'secret'],
        ['listDocs', 'items', 1, 'secret'],
      ]);
    });

    it('an editor (groupsDefinedIn) may update the title of records naming its group, not the secret', async () => {
      const ok = await run(data, bob, 'mutation { updateDoc(input: {id: "d1", title: "plan v2"}) { title } }');
      expect(ok).toEqual({ data: { updateDoc: { title: 'plan v2' } } });
      const secret = await run(data, bob, 'mutation { updateDoc(input: {id: "d1", secret: "mine"}) { title } }');
      expect(secret.errors).toEqual([
        expect.objectContaining({ path: ['updateDoc'], errorType: 'Unauthorized', message: 'Unauthorized on [secret]' }),
      ]);
      // d2 does not name the Editors group: no rule reaches it
      const other = await run(data, bob, 'mutation { updateDoc(input: {id: "d2", title: "x"}) { title } }');
      expect(other.errors?.[0]).toMatchObject(fieldRefusal(['updateDoc'], 'updateDoc', 'Mutation'));
      expect((await run(data, alice, '{ getDoc(id: "d1") { secret } }')).data).toEqual({ getDoc: { secret: 's3cret' } });
    });

    it('a read-only user cannot update at all', async () => {
      const res = await run(data, carol, 'mutation { updateDoc(input: {id: "d1", title: "x"}) { title } }');
      expect(res).toEqual({ data: { updateDoc: null }, errors: [fieldRefusal(['updateDoc'], 'updateDoc', 'Mutation')] });
    });

    it('a field rule without update stops the owner from reassigning ownership', async () => {
      const res = await run(data, alice, 'mutation { updateDoc(input: {id: "d2", owner: "c-sub::carol"}) { owner } }');
      expect(res.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Unauthorized on [owner]' });
      expect((await run(data, alice, '{ getDoc(id: "d2") { owner } }')).data).toEqual({ getDoc: { owner: 'alice' } });
    });

    it('create: the stamped owner is not a written field; sending the secret needs its create rule', async () => {
      const created = await run(data, carol, 'mutation { createDoc(input: {id: "d3", title: "c", secret: "c-secret"}) { owner secret } }');
      expect(created).toEqual({ data: { createDoc: { owner: 'carol', secret: 'c-secret' } } });
      const explicit = await run(data, carol, 'mutation { createDoc(input: {id: "d4", owner: "c-sub::carol"}) { id } }');
      expect(explicit.errors?.[0]).toMatchObject({ message: 'Unauthorized on [owner]' });
    });

    it('a function granted mutate (allow.resource) writes any field and reads back what it wrote, but cannot query', async () => {
      const fn = callers.fn('writer');
      const res = await run(
        data,
        fn,
        'mutation { createDoc(input: {id: "f1", secret: "from-fn", owner: "c-sub::carol"}) { secret owner } }',
      );
      expect(res).toEqual({ data: { createDoc: { secret: 'from-fn', owner: 'carol' } } });
      expect((await run(data, fn, '{ getDoc(id: "f1") { id } }')).errors?.[0]).toMatchObject(fieldRefusal(['getDoc'], 'getDoc', 'Query'));
      expect((await run(data, carol, '{ getDoc(id: "f1") { secret } }')).data).toEqual({ getDoc: { secret: 'from-fn' } });
    });

    it('multi-owner (ownersDefinedIn): create fills a one-element list; each listed owner may read; lists filter', async () => {
      const created = await run(data, alice, 'mutation { createShared(input: {id: "s1", title: "t"}) { owners } }');
      expect(created).toEqual({ data: { createShared: { owners: ['alice'] } } });
      await run(data, carol, 'mutation { createShared(input: {id: "s2", title: "carol only"}) { id } }');
      // without another rule an owner may hand the record to more owners (Amplify warns, does not forbid)
      const shared = await run(data, alice, 'mutation { updateShared(input: {id: "s1", owners: ["a-sub::alice", "bob"]}) { owners } }');
      expect(shared.data).toEqual({ updateShared: { owners: ['alice', 'bob'] } });
      const bobs = await run(data, bob, '{ listShareds { items { id } } }');
      expect(bobs.data).toEqual({ listShareds: { items: [{ id: 's1' }] } });
      const carols = await run(data, carol, '{ listShareds { items { id } } }');
      expect(carols.data).toEqual({ listShareds: { items: [{ id: 's2' }] } });
      expect((await run(data, carol, '{ getShared(id: "s1") { id } }')).errors?.[0]).toMatchObject(
        fieldRefusal(['getShared'], 'getShared', 'Query'),
      );
    });

    it('a Lambda-authorized caller reaches custom rules; its deniedFields read as null without an error', async () => {
      const gate: Caller = { mode: 'lambda', resolverContext: { tenant: 't1' }, deniedFields: ['Gate.code'] };
      await run(data, gate, 'mutation { createGate(input: {id: "g1", title: "front", code: "1234"}) { id } }');
      const res = await run(data, gate, '{ getGate(id: "g1") { title code } }');
      expect(res).toEqual({ data: { getGate: { title: 'front', code: null } } });
      const open: Caller = { mode: 'lambda', resolverContext: {}, deniedFields: [] };
      expect((await run(data, open, '{ getGate(id: "g1") { code } }')).data).toEqual({ getGate: { code: '1234' } });
      expect((await run(data, alice, '{ getGate(id: "g1") { code } }')).errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
      expect((await run(data, gate, '{ getDoc(id: "d1") { id } }')).errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
    });
  });
});
