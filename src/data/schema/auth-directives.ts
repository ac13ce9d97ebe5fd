import type { AuthRuleIR, DataIR, ModelIR, ModelOperation } from '../../ir/types.js';
import { customDirectives } from './custom-fields.js';
import { DIRECTIVE_BY_PROVIDER } from './provider-directives.js';

/**
 * One AppSync directive per auth provider that can reach the model (reference §4). `@aws_iam`
 * comes first and is always present: Gen 2 always enables IAM (functions granted by
 * allow.resource reach every model). Field rules count: the transformer's access matrix puts
 * field-level roles on the type, so a provider that can read one field reaches the type.
 * With `op`, only the rules granting that operation count (the transformer's per-operation
 * directives on Query/Mutation/Subscription fields: `read` rules do not put their provider on createX).
 */
export function modelDirectives(model: ModelIR, op?: ModelOperation): string[] {
  const out = ['@aws_iam'];
  for (const rule of allRules(model)) {
    if (op && !rule.operations.includes(op)) continue;
    const d = DIRECTIVE_BY_PROVIDER[rule.provider];
    if (!out.includes(d)) out.push(d);
  }
  return out;
}

/** Non-model types are reachable through any model, so they carry the union of the models' directives. */
export function schemaDirectives(ir: DataIR): string[] {
  const out: string[] = [];
  for (const m of ir.models) for (const d of modelDirectives(m)) if (!out.includes(d)) out.push(d);
  // custom operations return and take custom types too: their callers must reach them
  for (const op of ir.customOperations ?? []) for (const d of customDirectives(op)) if (!out.includes(d)) out.push(d);
  return out.length ? out : ['@aws_iam'];
}

function allRules(model: ModelIR): AuthRuleIR[] {
  return [...model.authRules, ...model.fields.flatMap((f) => f.authRules ?? [])];
}
