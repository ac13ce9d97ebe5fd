import type { CustomOperationIR, CustomTypeRefIR, DataIR } from '../../ir/types.js';
import { ruleDirectives } from './provider-directives.js';
import { args, block } from './sdl-writer.js';

/**
 * The custom query, mutation or subscription fields of the served `Query`/`Mutation` type, in schema order.
 * Amplify's transformer prints them after the model operations (checked against its deployed SDL);
 * `@function`/`@auth` become one AppSync auth directive per provider the rules name, `@aws_iam` first
 * (Gen 2 always enables IAM), as on model fields.
 */
export function customRootFields(ir: DataIR, kind: CustomOperationIR['kind']): string[] {
  return (ir.customOperations ?? []).filter((op) => op.kind === kind).map(printCustomField);
}

export function printCustomField(op: CustomOperationIR): string {
  const list = op.arguments.map((a) => `${a.name}: ${typeRef(a, true)}`);
  // a subscription's @aws_subscribe precedes its auth directives, as the transformer prints them
  const subscribe = op.subscribesTo ? [`@aws_subscribe(mutations: [${op.subscribesTo.map((m) => JSON.stringify(m)).join(', ')}])`] : [];
  return `${op.name}${args(list)}: ${typeRef(op.returns, false)} ${[...subscribe, ...ruleDirectives(op.authRules)].join(' ')}`;
}

/** `[PointInput!]!` for an argument of custom type Point; `Point` as a return type. */
function typeRef(t: CustomTypeRefIR, asInput: boolean): string {
  const named = asInput && t.type.kind === 'nonModel' ? `${t.type.name}Input` : t.type.name;
  const inner = t.required ? `${named}!` : named;
  if (!t.isArray) return inner;
  return t.arrayNullable ? `[${inner}]` : `[${inner}]!`;
}

const KIND_OF_ROOT: Record<string, CustomOperationIR['kind']> = { Query: 'query', Mutation: 'mutation', Subscription: 'subscription' };

/** The custom fields a root type ends with. */
export function customFieldsOf(ir: DataIR, rootType: string): string[] {
  const kind = KIND_OF_ROOT[rootType];
  return kind ? customRootFields(ir, kind) : [];
}

/** Root types of a schema with custom operations and no models (the model printer places roots per model). */
export function customOnlyRootTypes(ir: DataIR): string[] {
  if (ir.models.length > 0) return [];
  return ['Query', 'Mutation', 'Subscription'].flatMap((t) => {
    const fields = customFieldsOf(ir, t);
    return fields.length ? [block(`type ${t} @aws_iam`, fields)] : [];
  });
}
