import type { DataIR, ModelIR } from '../../ir/types.js';
import { customFieldsOf, customOnlyRootTypes } from './custom-fields.js';
import { helperInputs } from './helper-inputs.js';
import {
  printConditionInput,
  printCreateInput,
  printDeleteInput,
  printFilterInput,
  printSubscriptionFilterInput,
  printUpdateInput,
} from './model-inputs.js';
import { printConnectionType, printEnum, printModelType, printNonModelTypes } from './object-types.js';
import { mutationFields, queryFields, subscriptionFields } from './root-fields.js';
import { block } from './sdl-writer.js';
import { printSharedInputs } from './shared-inputs.js';

/**
 * The AppSync schema Amplify deploys for this DataIR, as GetIntrospectionSchema prints it (no
 * scalar or directive declarations). Order follows the transformer's output: types, shared inputs,
 * then per model its generated types, with Query/Mutation/Subscription at the first model's place.
 */
export function printServedSdl(ir: DataIR): string {
  const out: string[] = [
    ...ir.models.map(printModelType),
    ...ir.enums.map(printEnum),
    ...printNonModelTypes(ir),
    ...printSharedInputs(),
    ...helperInputs(ir),
  ];
  ir.models.forEach((m, i) => {
    out.push(...modelSection(m, ir, i === 0));
  });
  out.push(...customOnlyRootTypes(ir));
  return `${out.join('\n\n')}\n`;
}

/** A model's generated types; the root types are printed once, at the first model's place. */
function modelSection(m: ModelIR, ir: DataIR, withRoots: boolean): string[] {
  const roots = (name: string, fields: (m: ModelIR) => string[]) => {
    const custom = withRoots ? customFieldsOf(ir, name) : [];
    const all = withRoots ? [...ir.models.flatMap(fields), ...custom] : [];
    // the transformer marks a root type @aws_iam once it holds a custom operation
    return all.length ? [block(`type ${name}${custom.length ? ' @aws_iam' : ''}`, all)] : [];
  };
  return [
    printConnectionType(m, ir),
    printFilterInput(m),
    ...roots('Query', queryFields),
    printConditionInput(m),
    ...(['create', 'update', 'delete'] as const).filter((op) => m.operations[op]).map((op) => printInput(m, op)),
    ...roots('Mutation', mutationFields),
    // the model transformer emits the subscription filter only for a model with subscriptions
    ...(m.operations.onCreate || m.operations.onUpdate || m.operations.onDelete ? [printSubscriptionFilterInput(m)] : []),
    ...roots('Subscription', subscriptionFields),
  ];
}

function printInput(m: ModelIR, op: 'create' | 'update' | 'delete'): string {
  if (op === 'create') return printCreateInput(m);
  return op === 'update' ? printUpdateInput(m) : printDeleteInput(m);
}
