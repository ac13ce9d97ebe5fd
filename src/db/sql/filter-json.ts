import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { SqlDialect } from './dialect.js';

/**
 * SQL over a JSON column (lists, AWSJSON, custom types), typed as DynamoDB sees the stored value:
 * a JSON array is a list (L), an object a map (M), a string a string (S). SQLite's json_type names
 * and PostgreSQL's jsonb_typeof names differ; these helpers hide it. The semantics are those of
 * src/data/filter/operators.ts.
 */
type Ref = RawBuilder<unknown>;
type Pred = RawBuilder<SqlBool>;

/** The stored value when it is a JSON string, else NULL; compared byte-wise ("C") like a text column. */
export function jsonString(ref: Ref, d: SqlDialect): Ref {
  return d.engine === 'sqlite'
    ? sql`(case when json_type(${ref}) = 'text' then json_extract(${ref}, '$') end)`
    : sql`((case when jsonb_typeof(${ref}) = 'string' then ${ref} #>> '{}' end) collate "C")`;
}

const SQLITE_TYPES: Record<string, string[]> = {
  string: ['text'],
  number: ['integer', 'real'],
  bool: ['true', 'false'],
  list: ['array'],
  map: ['object'],
};
const PG_TYPES: Record<string, string> = { string: 'string', number: 'number', bool: 'boolean', list: 'array', map: 'object' };

/** `attributeType` on a JSON column (never a set or binary: JSON has neither). */
export function jsonHasType(ref: Ref, type: string, d: SqlDialect): Pred {
  if (d.engine === 'sqlite') {
    const names = SQLITE_TYPES[type];
    if (!names) return sql<SqlBool>`1 = 0`;
    return sql<SqlBool>`(${ref} is not null and json_type(${ref}) in (${sql.join(names)}))`;
  }
  const name = PG_TYPES[type];
  if (!name) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(${ref} is not null and jsonb_typeof(${ref}) = ${name})`;
}

/** `size()`: list elements, map entries, a string's UTF-8 bytes; NULL for anything else. */
export function jsonSize(ref: Ref, d: SqlDialect): Ref {
  return d.engine === 'sqlite'
    ? sql`(case json_type(${ref}) when 'array' then json_array_length(${ref})
        when 'object' then (select count(*) from json_each(${ref}))
        when 'text' then length(cast(json_extract(${ref}, '$') as blob)) end)`
    : sql`(case jsonb_typeof(${ref}) when 'array' then jsonb_array_length(${ref})
        when 'object' then (select count(*) from jsonb_object_keys(${ref}))
        when 'string' then octet_length(${ref} #>> '{}') end)`;
}

/** Whether the stored JSON array has an element of the operand's type and value (DynamoDB `contains` on L). */
export function jsonListHas(ref: Ref, operand: unknown, d: SqlDialect): Pred {
  if (d.engine === 'postgres') {
    return sql<SqlBool>`(${ref} is not null and jsonb_typeof(${ref}) = 'array' and ${ref} @> ${JSON.stringify([operand])}::jsonb)`;
  }
  const types = typeof operand === 'string' ? ['text'] : typeof operand === 'number' ? ['integer', 'real'] : ['true', 'false'];
  const value = typeof operand === 'boolean' ? (operand ? 1 : 0) : operand;
  return sql<SqlBool>`(${ref} is not null and json_type(${ref}) = 'array' and exists (select 1 from json_each(${ref}) as e
    where e.type in (${sql.join(types)}) and e.value = ${value}))`;
}

/** `=` between a stored JSON list and a list operand: same elements in the same order. */
export function jsonEquals(ref: Ref, operand: unknown[], d: SqlDialect): Pred {
  const text = JSON.stringify(operand);
  return d.engine === 'sqlite'
    ? sql<SqlBool>`(${ref} is not null and json_type(${ref}) = 'array' and json(${ref}) = json(${text}))`
    : sql<SqlBool>`(${ref} is not null and ${ref} = ${text}::jsonb)`;
}
