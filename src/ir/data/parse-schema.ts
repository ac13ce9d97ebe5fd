import { type DocumentNode, type EnumTypeDefinitionNode, Kind, type ObjectTypeDefinitionNode, parse } from 'graphql';
import { HearthError } from '../../util/errors.js';
import type { EnumIR, JsHandlerIR, ModelIR, NonModelIR } from '../types.js';
import { checkDefaults } from './check-defaults.js';
import { checkKeysAndRelations } from './check-keys-and-relations.js';
import { compileModel } from './compile-model.js';
import { type ParsedCustomOperation, parseCustomOperations } from './custom-operations.js';
import { findDirective } from './directives.js';
import type { TypeNames } from './field-type.js';
import { readField } from './read-field.js';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

export interface ParsedSchema {
  models: ModelIR[];
  enums: EnumIR[];
  nonModels: NonModelIR[];
  customOperations: ParsedCustomOperation[];
  warnings: string[];
}

/** Amplify's directive-annotated SDL (from `schema.transform()` or a raw string) → the data parts of the IR. */
export function parseAmplifySchema(sdl: string, where: string, jsHandlers?: Map<string, JsHandlerIR[]>): ParsedSchema {
  let doc: DocumentNode;
  try {
    doc = parse(sdl);
  } catch (e) {
    throw new HearthError('ConfigError', `${where}: the data schema is not valid GraphQL: ${(e as Error).message}`, e);
  }
  const objects = doc.definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION);
  const enumDefs = doc.definitions.filter((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION);
  const modelDefs = objects.filter((o) => findDirective(o.directives, 'model'));
  const nonModelDefs = objects.filter((o) => !findDirective(o.directives, 'model') && !ROOT_TYPES.has(o.name.value));
  const names: TypeNames = {
    models: new Set(modelDefs.map((m) => m.name.value)),
    enums: new Set(enumDefs.map((e) => e.name.value)),
    nonModels: new Set(nonModelDefs.map((n) => n.name.value)),
  };
  const custom = parseCustomOperations(doc, names, where, jsHandlers);
  const warnings = custom.warnings;
  const models = modelDefs.map((m) => compileModel(m, names, where));
  const enums = enumDefs.map((e) => ({ name: e.name.value, values: (e.values ?? []).map((v) => v.name.value) }));
  checkKeysAndRelations(models, where);
  checkDefaults(models, enums, where);
  return {
    models,
    enums,
    nonModels: nonModelDefs.map((n) => ({
      name: n.name.value,
      fields: (n.fields ?? []).map((f) => readField(f, names, `${where}: ${n.name.value}`)),
    })),
    customOperations: custom.operations,
    warnings,
  };
}
