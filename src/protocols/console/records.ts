/**
 * `api/models/:model/records…`: a model's rows through the data service's own GraphQL operations
 * (list, get, create, update, delete), so the console gets exactly the API's validation (enums,
 * required fields, AWS scalars) and its keyset paging (`nextToken`, no count). The console runs them
 * as the data service's IAM admin caller, past model rules, as AppSync lets an IAM admin role past.
 */
import { CONSOLE_CALLER, type DataService } from '../../data/index.js';
import { keyFields, operationNames } from '../../data/schema/index.js';
import type { DataIR, FieldIR, ModelIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import { json } from '../../util/http.js';
import type { ConsoleRoute, RouteInput } from './console-router.js';
import { limitOf } from './paging.js';
import { sortedList } from './records-sort.js';

export interface RecordRouteDeps {
  data?: DataService;
  ir?: DataIR;
}

export function recordRoutes(d: RecordRouteDeps): ConsoleRoute[] {
  const model = (i: RouteInput) => {
    if (!d.data || !d.ir) throw new HearthError('NotFound', 'This backend defines no data (defineData in amplify/data/resource.ts).');
    const m = d.ir.models.find((x) => x.name === i.params.model);
    if (!m) throw new HearthError('NotFound', `No model named ${i.params.model}.`);
    return { m, data: d.data, ir: d.ir };
  };
  return [
    { method: 'GET', path: 'models/:model/records', handle: (i) => listRecords(model(i), i) },
    { method: 'GET', path: 'models/:model/records/:key', handle: (i) => getRecord(model(i), i) },
    { method: 'POST', path: 'models/:model/records', handle: (i) => write(model(i), 'create', fieldsOf(i)) },
    {
      method: 'PUT',
      path: 'models/:model/records/:key',
      handle: (i) => write(model(i), 'update', { ...fieldsOf(i), ...keyOf(model(i).m, i) }),
    },
    { method: 'DELETE', path: 'models/:model/records/:key', handle: (i) => write(model(i), 'delete', keyOf(model(i).m, i)) },
  ];
}

type Target = { m: ModelIR; data: DataService; ir: DataIR };

async function listRecords(t: Target, i: RouteInput) {
  const n = operationNames(t.m);
  const filter = parseFilter(i.query.get('filter'));
  const page = { limit: limitOf(i.query, 50, 1000), nextToken: i.query.get('next') || undefined };
  const sort = i.query.get('sort');
  const items = `items { ${selection(t.m.fields, t.ir)} } nextToken`;
  if (sort) return listSorted(t, { sort, dir: i.query.get('dir'), filter, page, items });
  const query = `query ConsoleList($filter: Model${t.m.name}FilterInput, $limit: Int, $nextToken: String) {
  ${n.list}(filter: $filter, limit: $limit, nextToken: $nextToken) { ${items} }
}`;
  const r = (await run(t, query, { filter, ...page }))[n.list] as { items: unknown[]; nextToken: string | null };
  return json(200, { items: r.items, next: r.nextToken });
}

/** Sorted by a key's first sort key within the partition the filter fixes (records-sort.ts). */
async function listSorted(
  t: Target,
  o: { sort: string; dir: string | null; filter: unknown; page: { limit: number; nextToken?: string }; items: string },
) {
  if (o.dir && o.dir !== 'asc' && o.dir !== 'desc')
    throw Object.assign(new HearthError('ValidationError', 'dir must be asc or desc.'), { field: 'dir' });
  const s = sortedList(t.m, operationNames(t.m).list, o.sort, o.filter);
  const query = `query ConsoleSorted($pk: ${graphqlType(t.m, s.partitionKey)}!, $dir: ModelSortDirection, $filter: Model${t.m.name}FilterInput, $limit: Int, $nextToken: String) {
  ${s.field}(${s.partitionKey}: $pk, sortDirection: $dir, filter: $filter, limit: $limit, nextToken: $nextToken) { ${o.items} }
}`;
  const variables = { pk: s.partitionValue, dir: o.dir === 'desc' ? 'DESC' : 'ASC', filter: s.filter, ...o.page };
  const r = (await run(t, query, variables))[s.field] as { items: unknown[]; nextToken: string | null };
  return json(200, { items: r.items, next: r.nextToken });
}

async function getRecord(t: Target, i: RouteInput) {
  const n = operationNames(t.m);
  const key = keyOf(t.m, i);
  const keys = keyFields(t.m);
  const vars = keys.map((k) => `$${k}: ${graphqlType(t.m, k)}!`).join(', ');
  const args = keys.map((k) => `${k}: $${k}`).join(', ');
  const query = `query ConsoleGet(${vars}) { ${n.get}(${args}) { ${selection(t.m.fields, t.ir)} } }`;
  const item = (await run(t, query, key))[n.get];
  if (!item) throw new HearthError('NotFound', `No ${t.m.name} with that key.`);
  return json(200, { item });
}

async function write(t: Target, op: 'create' | 'update' | 'delete', input: Record<string, unknown>) {
  const field = operationNames(t.m)[op];
  const Op = op.charAt(0).toUpperCase() + op.slice(1);
  const query = `mutation Console${Op}($input: ${Op}${t.m.name}Input!) { ${field}(input: $input) { ${selection(t.m.fields, t.ir)} } }`;
  const item = (await run(t, query, { input }))[field];
  return json(op === 'create' ? 201 : 200, { item });
}

/** Runs one operation as the console; a GraphQL error becomes a ValidationError naming the field when it can. */
async function run(t: Target, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await t.data.execute({ query, variables }, CONSOLE_CALLER);
  const e = r.errors?.[0];
  if (e) {
    if (e.errorType === 'DynamoDB:ConditionalCheckFailedException') throw new HearthError('ConditionalCheckFailed', e.message);
    const field = /"input\.(\w+)/.exec(e.message)?.[1] ?? /[Ff]ield "(?:\w+Input\.)?(\w+)"/.exec(e.message)?.[1];
    throw Object.assign(new HearthError('ValidationError', e.message), field ? { field } : {});
  }
  return r.data ?? {};
}

/** Every field that is not a relation, nonModel fields with their own fields (depth-bounded). */
function selection(fields: FieldIR[], ir: DataIR, depth = 0): string {
  const out: string[] = [];
  for (const f of fields) {
    if (f.type.kind === 'model') continue;
    if (f.type.kind !== 'nonModel') out.push(f.name);
    else if (depth < 3) {
      const nm = ir.nonModels.find((x) => x.name === f.type.name);
      if (nm) out.push(`${f.name} { ${selection(nm.fields, ir, depth + 1)} }`);
    }
  }
  return out.join(' ');
}

function graphqlType(m: ModelIR, key: string): string {
  const f = m.fields.find((x) => x.name === key);
  return f?.type.kind === 'scalar' || f?.type.kind === 'enum' ? f.type.name : 'String';
}

function parseFilter(raw: string | null): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw Object.assign(new HearthError('ValidationError', 'filter must be a JSON ModelFilterInput.'), { field: 'filter' });
  }
}

/** `:key` is the URL-encoded JSON of the primary key's fields, or a plain `id` for models keyed by id alone. */
function keyOf(m: ModelIR, i: RouteInput): Record<string, unknown> {
  const raw = i.params.key as string;
  const keys = keyFields(m);
  let key: Record<string, unknown>;
  if (raw.startsWith('{')) {
    try {
      key = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw new HearthError('ValidationError', 'The record key must be JSON of the primary key fields.');
    }
  } else if (keys.length === 1) key = { [keys[0] as string]: raw };
  else throw new HearthError('ValidationError', `Give the key as JSON of ${keys.join(', ')}.`);
  for (const k of keys)
    if (key[k] === undefined) throw Object.assign(new HearthError('ValidationError', `The key lacks ${k}.`), { field: k });
  return Object.fromEntries(keys.map((k) => [k, key[k]]));
}

function fieldsOf(i: RouteInput): Record<string, unknown> {
  const f = i.body.fields ?? i.body;
  if (typeof f !== 'object' || f === null || Array.isArray(f))
    throw new HearthError('ValidationError', 'Send the record as {fields: {...}}.');
  return f as Record<string, unknown>;
}
