import { addField, type Connection, connectionFieldName, directive, type Field, type Model, primaryKeyFields } from './models.js';

type Models = Map<string, Model>;

/**
 * Resolves `@hasMany`, `@hasOne` and `@belongsTo` as Amplify's model introspection does (with
 * primary-key-aware foreign keys): each relation field gets its `connection`, implied foreign key
 * fields are added to the model that holds them, a `@hasMany` without a matching `@belongsTo` or
 * index adds a `gsi-Model.field` key, and a model-typed field without a relation is dropped.
 * Models are visited in schema order, and each step sees what the previous ones added, because
 * the client's JSON depends on that order.
 */
export function connectModels(models: Models): void {
  for (const model of models.values()) {
    const count = model.fields.length;
    for (let i = 0; i < count; i++) {
      const field = model.fields[i] as Field;
      const rel = field.directives.find((d) => d.name === 'hasOne' || d.name === 'hasMany' || d.name === 'belongsTo');
      if (!rel) continue;
      const other = models.get(field.type);
      if (!other) throw new Error(`${model.name}.${field.name}: @${rel.name} to ${field.type}, which is not a model`);
      if (rel.name === 'hasMany') field.connection = hasMany(model, field, other);
      else if (rel.name === 'hasOne') field.connection = hasOne(model, field, other);
      else field.connection = belongsTo(model, field, other);
    }
    model.fields = model.fields.filter((f) => f.connection || !models.has(f.type));
  }
}

function hasMany(model: Model, field: Field, other: Model): Connection {
  if (!field.isList) throw new Error('A field with hasMany must be a list type');
  const args = directive(field, 'hasMany')?.args ?? {};
  const references: string[] = args.references ?? [];
  let associatedWith: Field[];
  if (references.length > 0) {
    checkReferences(model, field, other, references);
    associatedWith = references.map((r) => findField(other, r));
  } else {
    associatedWith = hasManyForeignKeys(model, field, other);
  }
  for (const f of associatedWith) addField(other, f);
  const backReference = other.fields.find((f) => f.type === model.name);
  const paired = backReference?.directives.some((d) => d.name === 'belongsTo') || args.indexName;
  if (!paired)
    other.directives.push({ name: 'key', args: { name: `gsi-${model.name}.${field.name}`, fields: associatedWith.map((f) => f.name) } });
  return { kind: 'HAS_MANY', associatedWith };
}

/** `@hasMany(indexName?, fields)` or the implied `<model><Field><Key>` fields on the other side. */
function hasManyForeignKeys(model: Model, field: Field, other: Model): Field[] {
  const args = directive(field, 'hasMany')?.args ?? {};
  if (!args.fields) {
    return primaryKeyFields(model).map((k) => {
      const name = connectionFieldName(model.name, field.name, k.name);
      return (
        other.fields.find((f) => f.name === name) ?? { name, directives: [], type: k.type, isList: false, isNullable: true, parameters: [] }
      );
    });
  }
  const keyed = fieldDirectives(other).find(({ d }) =>
    args.indexName ? d.name === 'index' && d.args.name === args.indexName : d.name === 'primaryKey',
  );
  if (args.indexName && !keyed) throw new Error(`@index ${args.indexName} not found in ${other.name}`);
  const keyName = keyed?.field.name ?? belongsToField(other, model.name)?.name ?? 'id';
  const viaBelongsTo = other.fields
    .filter((f) => f.type === model.name)
    .find((f) => f.directives.some((d) => d.name === 'belongsTo' && d.args.fields && d.args.fields[0] === keyName));
  return [viaBelongsTo ?? findField(other, keyName)];
}

function hasOne(model: Model, field: Field, other: Model): Connection {
  const back = belongsToField(other, model.name);
  if (field.isList || back?.isList) throw new Error('A hasOne relationship should be 1:1, no lists');
  const args = directive(field, 'hasOne')?.args ?? {};
  const references: string[] = args.references ?? [];
  if (references.length > 0) {
    checkReferences(model, field, other, references);
    return { kind: 'HAS_ONE', associatedWith: references.map((r) => findField(other, r)) };
  }
  const keys = primaryKeyFields(other);
  const fields: string[] = args.fields ?? [];
  const targetNames = fields.length > 0 ? [...fields] : keys.map((k) => connectionFieldName(model.name, field.name, k.name));
  addForeignKeys(model, field, { targetNames, keys });
  return { kind: 'HAS_ONE', associatedWith: keys, targetNames };
}

function belongsTo(model: Model, field: Field, other: Model): Connection {
  if (field.isList) throw new Error(`A list field does not support the 'belongsTo' relation`);
  const parents = parentFields(model, other);
  const parent = parents[0];
  if (!parent) throw new Error(`A 'belongsTo' field should match to a corresponding 'hasMany' or 'hasOne' field`);
  const args = directive(field, 'belongsTo')?.args ?? {};
  const references: string[] = args.references ?? [];
  const same = (f: Field) =>
    f.directives.some((d) => (d.name === 'hasOne' || d.name === 'hasMany') && sameList(d.args.references, references));
  if (references.length > 0 && !parents.some(same)) throw new Error(`${model.name}.${field.name}: no relation with these references`);
  const keys = primaryKeyFields(other);
  let targetNames = [...(args.fields ?? []), ...references];
  if (targetNames.length === 0) {
    targetNames = parent.isList
      ? keys.map((k) => connectionFieldName(other.name, parent.name, k.name))
      : keys.map((k) => connectionFieldName(model.name, field.name, k.name));
  }
  addForeignKeys(model, field, { targetNames, keys });
  return { kind: 'BELONGS_TO', targetNames };
}

/** The foreign key fields a hasOne/belongsTo implies, typed as the other model's key fields. */
function addForeignKeys(model: Model, field: Field, o: { targetNames: string[]; keys: Field[] }): void {
  if (o.keys.length === 0) return;
  o.targetNames.forEach((name, i) => {
    const type = o.keys[i]?.type;
    if (!type) throw new Error(`${model.name}.${field.name}: more foreign keys than ${field.type} has key fields`);
    addField(model, { name, directives: [], type, isList: false, isNullable: field.isNullable, parameters: [] });
  });
}

/** `references` must name the same fields on both sides (the hasMany/hasOne side checks the belongsTo). */
function checkReferences(model: Model, field: Field, other: Model, references: string[]): void {
  const match = fieldDirectives(other).some(({ d }) => sameList(d.args.references, references));
  if (!match) throw new Error(`${model.name}.${field.name}: no @belongsTo with references ${JSON.stringify(references)} in ${other.name}`);
}

/** The hasOne (single) and hasMany (list) fields of `parent` that point at `childName`. */
function parentFields(child: Model, parent: Model): Field[] {
  return fieldDirectives(parent)
    .filter(
      ({ d, field }) => ((d.name === 'hasOne' && !field.isList) || (d.name === 'hasMany' && field.isList)) && field.type === child.name,
    )
    .map(({ field }) => field);
}

function belongsToField(model: Model, type: string): Field | undefined {
  return model.fields.filter((f) => f.type === type).find((f) => f.directives.some((d) => d.name === 'belongsTo'));
}

function fieldDirectives(model: Model) {
  return model.fields.flatMap((field) => field.directives.map((d) => ({ d, field })));
}

function findField(model: Model, name: string): Field {
  const f = model.fields.find((x) => x.name === name);
  if (!f) throw new Error(`Can not find key field ${name} in ${model.name}`);
  return f;
}

const sameList = (a: unknown, b: string[]) => Array.isArray(a) && JSON.stringify(a) === JSON.stringify(b);
