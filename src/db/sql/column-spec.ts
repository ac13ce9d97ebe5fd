import type { EnumIR, FieldIR } from '../../ir/types.js';
import { type ColumnKind, columnKind } from './column-kind.js';

/**
 * What a column was made for: its storage kind plus the GraphQL type of the field, which SQLite's
 * loose types cannot tell (an enum and a String are both text; `[Int]` and AWSJSON are both JSON).
 * Kept per model column in the catalog, so a later schema can be compared with the stored rows.
 */
export interface ColumnSpec {
  kind: ColumnKind;
  typeKind: 'scalar' | 'enum' | 'nonModel';
  typeName: string;
  isArray: boolean;
  /** the value (for lists: each element) is non-null */
  required: boolean;
  arrayNullable: boolean;
  /** enum fields: the values the enum had */
  enumValues?: string[];
}

export function columnSpec(f: FieldIR, enums?: EnumIR[]): ColumnSpec | undefined {
  const kind = columnKind(f);
  if (!kind || f.type.kind === 'model') return undefined;
  const spec: ColumnSpec = {
    kind,
    typeKind: f.type.kind,
    typeName: f.type.name,
    isArray: f.isArray,
    required: f.required,
    arrayNullable: f.arrayNullable,
  };
  const values = f.type.kind === 'enum' ? enums?.find((e) => e.name === f.type.name)?.values : undefined;
  if (values) spec.enumValues = [...values];
  return spec;
}

export function sameSpec(a: ColumnSpec, b: ColumnSpec): boolean {
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}

function normal(s: ColumnSpec) {
  return [s.kind, s.typeKind, s.typeName, s.isArray, s.required, s.isArray ? s.arrayNullable : true, s.enumValues?.join('\u0000') ?? ''];
}

/** `[Int!]!`, `Status`: the field's type as the schema writes it, for messages. */
export function typeLabel(s: ColumnSpec): string {
  const inner = s.required ? `${s.typeName}!` : s.typeName;
  if (!s.isArray) return inner;
  return s.arrayNullable ? `[${inner}]` : `[${inner}]!`;
}
