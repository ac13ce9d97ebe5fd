import type { DataIR, EnumIR, ModelIR, NonModelIR } from '../../ir/types.js';
import { modelDirectives, schemaDirectives } from './auth-directives.js';
import { isStoredField, typeRef } from './field-types.js';
import { block, withDirectives } from './sdl-writer.js';

export function printModelType(m: ModelIR): string {
  const lines = m.fields.filter(isStoredField).map((f) => `${f.name}: ${typeRef(f)}`);
  return block(withDirectives(`type ${m.name}`, modelDirectives(m)), lines);
}

export function printConnectionType(m: ModelIR): string {
  return block(withDirectives(`type Model${m.name}Connection`, modelDirectives(m)), [`items: [${m.name}]!`, 'nextToken: String']);
}

export function printEnum(e: EnumIR): string {
  return block(`enum ${e.name}`, e.values);
}

export function printNonModelType(t: NonModelIR, ir: DataIR): string {
  const lines = t.fields.filter(isStoredField).map((f) => `${f.name}: ${typeRef(f)}`);
  return block(withDirectives(`type ${t.name}`, schemaDirectives(ir)), lines);
}

/** `<Type>Input`, used where a non-model type appears in Create/Update inputs. */
export function printNonModelInput(t: NonModelIR): string {
  const lines = t.fields.filter(isStoredField).map((f) => {
    const named = f.type.kind === 'nonModel' ? `${f.type.name}Input` : f.type.name;
    return `${f.name}: ${typeRef(f, named)}`;
  });
  return block(`input ${t.name}Input`, lines);
}
