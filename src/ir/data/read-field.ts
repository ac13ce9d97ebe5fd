import type { ConstDirectiveNode, FieldDefinitionNode } from 'graphql';
import type { FieldIR } from '../types.js';
import { compileFieldAuthRules } from './auth-rules.js';
import { directiveArgs, findDirective } from './directives.js';
import { readFieldType, type TypeNames } from './field-type.js';

/** One field definition → FieldIR (relationship and default directives included). */
export function readField(f: FieldDefinitionNode, names: TypeNames, where: string): FieldIR {
  const t = readFieldType(f.type, names, `${where}.${f.name.value}`);
  const field: FieldIR = { name: f.name.value, ...t, readOnly: false };
  const dflt = findDirective(f.directives, 'default');
  if (dflt) {
    const v = directiveArgs(dflt).value;
    if (v !== undefined && v !== null) field.defaultValue = String(v);
  }
  const assoc = association(f.directives);
  if (assoc) field.association = assoc;
  const auth = findDirective(f.directives, 'auth');
  if (auth) field.authRules = compileFieldAuthRules(directiveArgs(auth).rules, `${where}.${f.name.value}`);
  return field;
}

function association(directives: readonly ConstDirectiveNode[] | undefined): FieldIR['association'] {
  for (const [name, connectionType] of [
    ['hasMany', 'HAS_MANY'],
    ['hasOne', 'HAS_ONE'],
    ['belongsTo', 'BELONGS_TO'],
  ] as const) {
    const d = findDirective(directives, name);
    if (d) {
      const refs = directiveArgs(d).references;
      return { connectionType, references: Array.isArray(refs) ? (refs as string[]) : refs ? [String(refs)] : [] };
    }
  }
  return undefined;
}
