import type { DataIR } from '../../ir/types.js';
import { storedFields } from './field-types.js';
import { indexKeySpec, type KeySpec, keyInputNames, primaryKeySpec, printCompositeKeyInputs } from './key-inputs.js';
import { nonModelReach } from './non-model-reach.js';
import { printNonModelInput } from './object-types.js';
import { printEnumFilterInput, printEnumListFilterInput, printKeyConditionInput } from './shared-inputs.js';

/**
 * The inputs that model inputs and query arguments refer to: enum filter inputs (`Model<E>Input`,
 * `Model<E>ListInput` for enum lists), key-condition inputs of custom primary keys and secondary
 * indexes (shared `Model<Scalar>KeyConditionInput`, per-key composite pairs), and `<Type>Input`
 * for the non-model types that model inputs or operation arguments use. Each is printed once.
 */
export function helperInputs(ir: DataIR): string[] {
  const enums = new Set<string>();
  const enumLists = new Set<string>();
  for (const m of ir.models) {
    for (const f of storedFields(m)) if (f.type.kind === 'enum') (f.isArray ? enumLists : enums).add(f.type.name);
  }
  const keyInputs = new Map<string, string>();
  for (const m of ir.models) {
    const specs: KeySpec[] = [
      ...(m.primaryKey.isCustom ? [primaryKeySpec(m)] : []),
      ...m.secondaryIndexes.map((ix) => indexKeySpec(m, ix)),
    ];
    for (const spec of specs) addKeyInputs(keyInputs, spec);
  }
  const { asInput } = nonModelReach(ir);
  return [
    ...[...enums].map(printEnumFilterInput),
    ...[...enumLists].map(printEnumListFilterInput),
    ...keyInputs.values(),
    ...ir.nonModels.filter((t) => asInput.has(t.name)).map(printNonModelInput),
  ];
}

function addKeyInputs(out: Map<string, string>, spec: KeySpec): void {
  const names = keyInputNames(spec);
  if (names.length === 1) {
    const name = names[0] as string;
    const scalar = /^Model(\w+?)KeyConditionInput$/.exec(name)?.[1] ?? 'String';
    if (!out.has(name)) out.set(name, printKeyConditionInput(scalar));
    return;
  }
  const printed = printCompositeKeyInputs(spec);
  names.forEach((n, i) => {
    if (!out.has(n)) out.set(n, printed[i] as string);
  });
}
