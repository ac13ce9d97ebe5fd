import type { FieldIR, ModelIR } from '../../ir/types.js';

/** Stored fields have a column; relationship fields (kind `model`) are resolved from their references. */
export function isStoredField(f: FieldIR): boolean {
  return f.type.kind !== 'model';
}

export function storedFields(model: ModelIR): FieldIR[] {
  return model.fields.filter(isStoredField);
}

export function keyFields(model: ModelIR): string[] {
  return [model.primaryKey.partitionKey, ...model.primaryKey.sortKeys];
}

/** `String`, `String!`, `[String]`, `[String!]!` as the field is declared. */
export function typeRef(f: FieldIR, named = f.type.name, required = f.required): string {
  if (!f.isArray) return required ? `${named}!` : named;
  const inner = required ? `${named}!` : named;
  return f.arrayNullable ? `[${inner}]` : `[${inner}]!`;
}

/** The type a field takes in Create/Update inputs: non-model types become `<Type>Input`. */
export function inputTypeName(f: FieldIR): string {
  return f.type.kind === 'nonModel' ? `${f.type.name}Input` : f.type.name;
}

/** Model<T>FilterInput / ConditionInput member type; undefined when the field cannot be filtered. */
export function filterInputName(f: FieldIR): string | undefined {
  const t = f.type;
  if (t.kind === 'enum') return f.isArray ? `Model${t.name}ListInput` : `Model${t.name}Input`;
  if (t.kind !== 'scalar') return undefined;
  switch (t.name) {
    case 'ID':
      return 'ModelIDInput';
    case 'Int':
    case 'AWSTimestamp':
      return 'ModelIntInput';
    case 'Float':
      return 'ModelFloatInput';
    case 'Boolean':
      return 'ModelBooleanInput';
    default:
      return 'ModelStringInput';
  }
}

/**
 * ModelSubscription<T>FilterInput member type: the filter input's scalar family under the
 * ModelSubscription prefix; enums (like dates and JSON) filter as strings.
 */
export function subscriptionInputName(f: FieldIR): string | undefined {
  if (f.type.kind === 'enum') return 'ModelSubscriptionStringInput';
  return filterInputName(f)?.replace(/^Model/, 'ModelSubscription');
}

/** Owner fields of the model's owner rules, in rule order, without duplicates. */
export function ownerFields(model: ModelIR): string[] {
  const out: string[] = [];
  for (const r of model.authRules) {
    if (r.allow === 'owner') {
      const f = r.ownerField ?? 'owner';
      if (!out.includes(f)) out.push(f);
    }
  }
  return out;
}

/**
 * Amplify's input types list the fields the auth transformer appended (the implicit `owner`) after
 * and/or/not; the IR puts them after the implicit timestamps, so this splits there.
 */
export function splitAtImplicit(fields: FieldIR[]): { declared: FieldIR[]; appended: FieldIR[] } {
  let last = -1;
  fields.forEach((f, i) => {
    if (f.readOnly && (f.name === 'createdAt' || f.name === 'updatedAt')) last = i;
  });
  if (last < 0) return { declared: fields, appended: [] };
  return { declared: fields.slice(0, last + 1), appended: fields.slice(last + 1) };
}
