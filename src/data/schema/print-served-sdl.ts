import type { DataIR, ModelIR } from '../../ir/types.js';
import { storedFields } from './field-types.js';
import {
  printConditionInput,
  printCreateInput,
  printDeleteInput,
  printFilterInput,
  printSubscriptionFilterInput,
  printUpdateInput,
} from './model-inputs.js';
import { printConnectionType, printEnum, printModelType, printNonModelInput, printNonModelType } from './object-types.js';
import { mutationFields, queryFields, subscriptionFields } from './root-fields.js';
import { block } from './sdl-writer.js';
import { printEnumFilterInput, printKeyConditionInput, printSharedInputs } from './shared-inputs.js';

/**
 * The AppSync schema Amplify deploys for this DataIR, as GetIntrospectionSchema prints it (no
 * scalar or directive declarations). Order follows the transformer's output: types, shared inputs,
 * then per model its generated types, with Query/Mutation/Subscription at the first model's place.
 */
export function printServedSdl(ir: DataIR): string {
  const out: string[] = [
    ...ir.models.map(printModelType),
    ...ir.enums.map(printEnum),
    ...ir.nonModels.map((t) => printNonModelType(t, ir)),
    ...printSharedInputs(),
    ...helperInputs(ir),
  ];
  ir.models.forEach((m, i) => {
    out.push(...modelSection(m, i === 0 ? ir : undefined));
  });
  return `${out.join('\n\n')}\n`;
}

function modelSection(m: ModelIR, rootsFrom: DataIR | undefined): string[] {
  const roots = (name: string, fields: (m: ModelIR) => string[]) => {
    const all = rootsFrom ? rootsFrom.models.flatMap(fields) : [];
    return all.length ? [block(`type ${name}`, all)] : [];
  };
  return [
    printConnectionType(m),
    printFilterInput(m),
    ...roots('Query', queryFields),
    printConditionInput(m),
    ...(['create', 'update', 'delete'] as const).filter((op) => m.operations[op]).map((op) => printInput(m, op)),
    ...roots('Mutation', mutationFields),
    printSubscriptionFilterInput(m),
    ...roots('Subscription', subscriptionFields),
  ];
}

function printInput(m: ModelIR, op: 'create' | 'update' | 'delete'): string {
  if (op === 'create') return printCreateInput(m);
  return op === 'update' ? printUpdateInput(m) : printDeleteInput(m);
}

/** Enum filter inputs, key-condition inputs and non-model inputs the model inputs refer to. */
function helperInputs(ir: DataIR): string[] {
  const enums = new Set<string>();
  const keyScalars = new Set<string>();
  for (const m of ir.models) {
    for (const f of storedFields(m)) if (f.type.kind === 'enum') enums.add(f.type.name);
    const sk = m.primaryKey.sortKeys;
    const skField = sk.length === 1 ? storedFields(m).find((f) => f.name === sk[0]) : undefined;
    if (m.primaryKey.isCustom && skField) keyScalars.add(skField.type.name);
  }
  return [...[...enums].map(printEnumFilterInput), ...[...keyScalars].map(printKeyConditionInput), ...ir.nonModels.map(printNonModelInput)];
}
