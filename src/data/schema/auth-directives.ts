import type { AuthRuleIR, DataIR, ModelIR, ModelOperation } from '../../ir/types.js';
import { ruleDirectives } from './provider-directives.js';

/**
 * One AppSync directive per auth provider that can reach the model (reference §4), `@aws_iam`
 * first (ruleDirectives). Field rules count: the transformer's access matrix puts
 * field-level roles on the type, so a provider that can read one field reaches the type.
 * With `op`, only the rules granting that operation count (the transformer's per-operation
 * directives on Query/Mutation/Subscription fields: `read` rules do not put their provider on createX).
 */
export function modelDirectives(model: ModelIR, op?: ModelOperation): string[] {
  return ruleDirectives(allRules(model).filter((rule) => !op || rule.operations.includes(op)));
}

/** Non-model types are reachable through any model, so they carry the union of the models' directives. */
export function schemaDirectives(ir: DataIR): string[] {
  // custom operations return and take custom types too: their callers must reach them
  return ruleDirectives([...ir.models.flatMap(allRules), ...(ir.customOperations ?? []).flatMap((op) => op.authRules)]);
}

function allRules(model: ModelIR): AuthRuleIR[] {
  return [...model.authRules, ...model.fields.flatMap((f) => f.authRules ?? [])];
}
