import { HearthError } from '../../util/errors.js';
import type { FieldIR, ModelIR } from '../types.js';

/**
 * Checks what the index and relational transformers would refuse, naming the user's file:
 * index keys must be scalar or enum fields (a Boolean cannot be a sort key: Amplify has no
 * ModelBooleanKeyConditionInput), and `references` must name fields of the child model, one per
 * field of the parent's primary key.
 */
export function checkKeysAndRelations(models: ModelIR[], where: string): void {
  for (const m of models) {
    for (const ix of m.secondaryIndexes) {
      keyField(m, ix.partitionKey, `${where}: index ${ix.name} of model ${m.name}`);
      for (const sk of ix.sortKeys) {
        const f = keyField(m, sk, `${where}: index ${ix.name} of model ${m.name}`);
        if (f.type.name === 'Boolean')
          throw new HearthError('ConfigError', `${where}: model ${m.name}: the sort key ${sk} of index ${ix.name} cannot be a Boolean.`);
      }
    }
    for (const f of m.fields) if (f.association) checkRelation(models, m, f, where);
  }
}

function keyField(m: ModelIR, name: string, where: string): FieldIR {
  const f = m.fields.find((x) => x.name === name);
  if (!f) throw new HearthError('ConfigError', `${where}: names ${name}, which is not a field.`);
  if (f.isArray || (f.type.kind !== 'scalar' && f.type.kind !== 'enum')) {
    throw new HearthError('ConfigError', `${where}: the key field ${name} must be a scalar or an enum, not a list or an object.`);
  }
  return f;
}

function checkRelation(models: ModelIR[], m: ModelIR, f: FieldIR, where: string): void {
  const at = `${where}: ${m.name}.${f.name}`;
  const related = models.find((x) => x.name === f.type.name);
  const a = f.association;
  if (!related || !a) throw new HearthError('ConfigError', `${at}: the related model ${f.type.name} does not exist.`);
  const [child, parent] = a.connectionType === 'BELONGS_TO' ? [m, related] : [related, m];
  const parentKey = [parent.primaryKey.partitionKey, ...parent.primaryKey.sortKeys];
  if (a.references.length !== parentKey.length) {
    throw new HearthError(
      'ConfigError',
      `${at}: references [${a.references.join(', ')}] must name one field of ${child.name} per primary-key field of ${parent.name} (${parentKey.join(', ')}).`,
    );
  }
  for (const r of a.references) {
    if (!child.fields.some((x) => x.name === r && x.type.kind !== 'model')) {
      throw new HearthError(
        'ConfigError',
        `${at}: the reference field ${r} is not a field of ${child.name}; declare it (e.g. ${r}: a.id()).`,
      );
    }
  }
}
