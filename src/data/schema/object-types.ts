import type { DataIR, EnumIR, ModelIR, NonModelIR } from '../../ir/types.js';
import { modelDirectives, schemaDirectives } from './auth-directives.js';
import { isStoredField, typeRef } from './field-types.js';
import { nonModelReach } from './non-model-reach.js';
import { printRelationField } from './relation-fields.js';
import { block, withDirectives } from './sdl-writer.js';

export function printModelType(m: ModelIR): string {
  const lines = m.fields.map((f) => (isStoredField(f) ? `${f.name}: ${typeRef(f)}` : printRelationField(f)));
  return block(withDirectives(`type ${m.name}`, modelDirectives(m)), lines);
}

/**
 * The connection type is reachable through every hasMany field that returns it, so it also carries
 * the directives of the models holding those fields (Amplify's deployed SDL: a Comment without an
 * API-key rule still has `ModelCommentConnection @aws_api_key` when Post.comments is API-key readable).
 */
export function printConnectionType(m: ModelIR, ir?: DataIR): string {
  const directives = modelDirectives(m);
  for (const parent of ir?.models ?? []) {
    const hasMany = parent.fields.some((f) => f.association?.connectionType === 'HAS_MANY' && f.type.name === m.name);
    if (hasMany) for (const d of modelDirectives(parent)) if (!directives.includes(d)) directives.push(d);
  }
  return block(withDirectives(`type Model${m.name}Connection`, directives), [`items: [${m.name}]!`, 'nextToken: String']);
}

export function printEnum(e: EnumIR): string {
  return block(`enum ${e.name}`, e.values);
}

/** The custom types; one only ever taken as an argument gets just `@aws_iam` (non-model-reach.ts). */
export function printNonModelTypes(ir: DataIR): string[] {
  const { asOutput } = nonModelReach(ir);
  const shared = schemaDirectives(ir);
  return ir.nonModels.map((t) => {
    const lines = t.fields.filter(isStoredField).map((f) => `${f.name}: ${typeRef(f)}`);
    return block(withDirectives(`type ${t.name}`, asOutput.has(t.name) ? shared : ['@aws_iam']), lines);
  });
}

/** `<Type>Input`, used where a non-model type appears in Create/Update inputs. */
export function printNonModelInput(t: NonModelIR): string {
  const lines = t.fields.filter(isStoredField).map((f) => {
    const named = f.type.kind === 'nonModel' ? `${f.type.name}Input` : f.type.name;
    return `${f.name}: ${typeRef(f, named)}`;
  });
  return block(`input ${t.name}Input`, lines);
}
