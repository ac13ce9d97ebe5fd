import type { ModelIR, SecondaryIndexIR } from '../../ir/types.js';
import { storedFields } from './field-types.js';
import { block, pascal } from './sdl-writer.js';

/**
 * The scalar family Amplify names key-condition inputs after (graphql-transformer-common's
 * DEFAULT_SCALARS): AppSync's string-like scalars are String, AWSTimestamp is Int, enums are String.
 */
const FAMILY: Record<string, string> = {
  ID: 'ID',
  String: 'String',
  Int: 'Int',
  Float: 'Float',
  Boolean: 'Boolean',
  AWSDate: 'String',
  AWSTime: 'String',
  AWSDateTime: 'String',
  AWSTimestamp: 'Int',
  AWSEmail: 'String',
  AWSJSON: 'String',
  AWSURL: 'String',
  AWSPhone: 'String',
  AWSIPAddress: 'String',
};

/** A key (the primary key or a secondary index): its sort keys, and the index name (none for the primary key). */
export interface KeySpec {
  model: ModelIR;
  sortKeys: string[];
  indexName?: string;
}

export function primaryKeySpec(model: ModelIR): KeySpec {
  return { model, sortKeys: model.primaryKey.sortKeys };
}

export function indexKeySpec(model: ModelIR, index: SecondaryIndexIR): KeySpec {
  return { model, sortKeys: index.sortKeys, indexName: index.name };
}

/** The GraphQL type name of a key field (enums keep their name; an unknown field is an ID). */
export function keyFieldType(model: ModelIR, name: string): string {
  return storedFields(model).find((f) => f.name === name)?.type.name ?? 'ID';
}

function family(model: ModelIR, name: string): string {
  const f = storedFields(model).find((x) => x.name === name);
  if (f?.type.kind === 'enum') return 'String';
  return FAMILY[f?.type.name ?? 'ID'] ?? 'String';
}

/** `Model<Model><Key>`, the stem of composite key inputs: Key is `Primary` or the index name, capitalised. */
function compositeStem(spec: KeySpec): string {
  return `Model${spec.model.name}${pascal(spec.indexName ?? 'Primary')}`;
}

/**
 * The sort-key argument of a list or index query: `createdAt: ModelStringKeyConditionInput` for one
 * sort key, `yearTs: ModelReadingPrimaryCompositeKeyConditionInput` for several; none without.
 */
export function sortKeyArgument(spec: KeySpec): { name: string; type: string } | undefined {
  const [first, ...rest] = spec.sortKeys;
  if (!first) return undefined;
  if (rest.length === 0) return { name: first, type: `Model${family(spec.model, first)}KeyConditionInput` };
  return { name: compositeArgumentName(spec.sortKeys), type: `${compositeStem(spec)}CompositeKeyConditionInput` };
}

/** `['year', 'ts']` → `yearTs` (graphql-transformer-common toCamelCase). */
export function compositeArgumentName(sortKeys: string[]): string {
  return sortKeys.map((k, i) => (i === 0 ? k.charAt(0).toLowerCase() + k.slice(1) : pascal(k))).join('');
}

/** The input types a key's sort-key argument needs: one shared scalar input, or the model's composite pair. */
export function keyInputNames(spec: KeySpec): string[] {
  const arg = sortKeyArgument(spec);
  if (!arg) return [];
  return spec.sortKeys.length === 1 ? [arg.type] : [arg.type, `${compositeStem(spec)}CompositeKeyInput`];
}

/** `Model<M><Key>CompositeKeyConditionInput` and `…CompositeKeyInput` (dynamodbUtils makeCompositeKey*). */
export function printCompositeKeyInputs(spec: KeySpec): string[] {
  const stem = compositeStem(spec);
  const key = `${stem}CompositeKeyInput`;
  const ops = ['eq', 'le', 'lt', 'ge', 'gt', 'between', 'beginsWith'].map((op) => (op === 'between' ? `${op}: [${key}]` : `${op}: ${key}`));
  // the transformer maps only the last field to its scalar family (a quirk kept for parity)
  const fields = spec.sortKeys.map((k, i) => {
    const last = i === spec.sortKeys.length - 1;
    const t = keyFieldType(spec.model, k);
    return `${k}: ${last ? (FAMILY[t] ?? t) : t}`;
  });
  return [block(`input ${stem}CompositeKeyConditionInput`, ops), block(`input ${key}`, fields)];
}
