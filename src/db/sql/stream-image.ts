import type { ModelIR } from '../../ir/types.js';
import type { DynamoItem, DynamoValue, Row } from '../ports.js';
import { modelColumns } from './column-kind.js';

/**
 * A model row as AppSync's Amplify resolvers store it in DynamoDB, in DynamoDB's JSON form: the
 * stream record's images and keys. `__typename` is kept beside the fields; absent and null fields
 * are absent attributes (Amplify's update resolver REMOVEs a field set to null); AWSJSON values are
 * stored parsed (AppSync parses AWSJSON arguments into maps and lists); several sort key fields also
 * make Amplify's composite sort key attribute (`a#b` = `<a>#<b>`).
 */
export function dynamoImage(model: ModelIR, row: Row): DynamoItem {
  const out: DynamoItem = { __typename: { S: model.name } };
  for (const [name, col] of modelColumns(model)) {
    const v = row[name];
    if (v === null || v === undefined) continue;
    out[name] = toDynamo(col.field.type.name === 'AWSJSON' && !col.field.isArray ? parseJson(v) : v);
  }
  const sk = compositeSortKey(model, row);
  if (sk) out[sk.name] = { S: sk.value };
  return out;
}

/** The item's key attributes: the partition key, and the sort key (composite when several fields). */
export function dynamoKeys(model: ModelIR, row: Row): DynamoItem {
  const { partitionKey, sortKeys } = model.primaryKey;
  const out: DynamoItem = { [partitionKey]: toDynamo(row[partitionKey]) };
  const sk = compositeSortKey(model, row);
  if (sk) out[sk.name] = { S: sk.value };
  else if (sortKeys[0] !== undefined) out[sortKeys[0]] = toDynamo(row[sortKeys[0]]);
  return out;
}

function compositeSortKey(model: ModelIR, row: Row): { name: string; value: string } | undefined {
  const keys = model.primaryKey.sortKeys;
  if (keys.length < 2) return undefined;
  return { name: keys.join('#'), value: keys.map((k) => String(row[k] ?? '')).join('#') };
}

function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** A JSON value in DynamoDB's form, as AppSync's `util.dynamodb.toDynamoDB` writes it (numbers as strings). */
export function toDynamo(v: unknown): DynamoValue {
  if (v === null || v === undefined) return { NULL: true };
  if (typeof v === 'string') return { S: v };
  if (typeof v === 'number' || typeof v === 'bigint') return { N: String(v) };
  if (typeof v === 'boolean') return { BOOL: v };
  if (Array.isArray(v)) return { L: v.map(toDynamo) };
  return { M: Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toDynamo(x)])) };
}
