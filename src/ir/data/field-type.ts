import { Kind, type TypeNode } from 'graphql';
import { HearthError } from '../../util/errors.js';
import { APPSYNC_SCALARS, type FieldTypeIR, GRAPHQL_SCALARS, type ScalarName } from '../types.js';

export const SCALARS: ReadonlySet<string> = new Set<ScalarName>([...GRAPHQL_SCALARS, ...APPSYNC_SCALARS]);

export interface TypeNames {
  models: ReadonlySet<string>;
  enums: ReadonlySet<string>;
  nonModels: ReadonlySet<string>;
}

/** A field's GraphQL type node → kind, nullability and list-ness. */
export function readFieldType(node: TypeNode, names: TypeNames, where: string) {
  let t = node;
  let arrayNullable = true;
  let isArray = false;
  if (t.kind === Kind.NON_NULL_TYPE && t.type.kind === Kind.LIST_TYPE) arrayNullable = false;
  if (t.kind === Kind.NON_NULL_TYPE) t = t.type;
  if (t.kind === Kind.LIST_TYPE) {
    isArray = true;
    t = t.type;
  }
  const required = t.kind === Kind.NON_NULL_TYPE || (!isArray && node.kind === Kind.NON_NULL_TYPE);
  if (t.kind === Kind.NON_NULL_TYPE) t = t.type;
  if (t.kind !== Kind.NAMED_TYPE) throw new HearthError('ConfigError', `${where}: nested lists are not supported.`);
  return { type: classify(t.name.value, names, where), required, isArray, arrayNullable: isArray ? arrayNullable : true };
}

function classify(name: string, names: TypeNames, where: string): FieldTypeIR {
  if (SCALARS.has(name)) return { kind: 'scalar', name: name as ScalarName };
  if (names.enums.has(name)) return { kind: 'enum', name };
  if (names.models.has(name)) return { kind: 'model', name };
  if (names.nonModels.has(name)) return { kind: 'nonModel', name };
  throw new HearthError('ConfigError', `${where}: unknown type ${name}.`);
}
