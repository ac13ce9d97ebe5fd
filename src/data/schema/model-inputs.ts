import type { FieldIR, ModelIR } from '../../ir/types.js';
import {
  filterInputName,
  inputTypeName,
  keyFields,
  ownerFields,
  splitAtImplicit,
  storedFields,
  subscriptionInputName,
  typeRef,
} from './field-types.js';
import { block } from './sdl-writer.js';

function filterLines(fields: FieldIR[]): string[] {
  return fields.flatMap((f) => {
    const t = filterInputName(f);
    return t ? [`${f.name}: ${t}`] : [];
  });
}

function logic(name: string, withNot = true): string[] {
  return [`and: [${name}]`, `or: [${name}]`, ...(withNot ? [`not: ${name}`] : [])];
}

/**
 * The fields filter inputs list. With a custom primary key the type has no `id`, but the model
 * transformer built the filters before the primary-key transformer removed it, so they keep an
 * `id` where the implicit one would be (before the timestamps). Filtering on it matches nothing.
 */
function filterableFields(m: ModelIR): FieldIR[] {
  const fields = storedFields(m);
  if (!m.primaryKey.isCustom || fields.some((f) => f.name === 'id')) return fields;
  const id: FieldIR = {
    name: 'id',
    type: { kind: 'scalar', name: 'ID' },
    required: false,
    isArray: false,
    arrayNullable: true,
    readOnly: false,
  };
  const at = fields.findIndex((f) => f.readOnly && (f.name === 'createdAt' || f.name === 'updatedAt'));
  return at < 0 ? [...fields, id] : [...fields.slice(0, at), id, ...fields.slice(at)];
}

export function printFilterInput(m: ModelIR): string {
  const name = `Model${m.name}FilterInput`;
  const { declared, appended } = splitAtImplicit(filterableFields(m));
  return block(`input ${name}`, [...filterLines(declared), ...logic(name), ...filterLines(appended)]);
}

/** Like the filter, minus key fields, with the timestamps after and/or/not (Amplify's order). */
export function printConditionInput(m: ModelIR): string {
  const name = `Model${m.name}ConditionInput`;
  const keys = keyFields(m);
  const { declared, appended } = splitAtImplicit(storedFields(m).filter((f) => !keys.includes(f.name)));
  const user = declared.filter((f) => !f.readOnly);
  const kept = declared.filter((f) => f.readOnly);
  return block(`input ${name}`, [...filterLines(user), ...logic(name), ...filterLines(kept), ...filterLines(appended)]);
}

/** Fields a client may write: everything but server-kept fields, except the key (an optional `id`). */
function writable(m: ModelIR): FieldIR[] {
  const keys = keyFields(m);
  return storedFields(m).filter((f) => !f.readOnly || keys.includes(f.name));
}

export function printCreateInput(m: ModelIR): string {
  const lines = writable(m).map((f) => {
    // with the default primary key the server generates `id` when absent, so it is optional
    const required = f.readOnly || (!m.primaryKey.isCustom && f.name === 'id') ? false : f.required;
    return `${f.name}: ${typeRef(f, inputTypeName(f), required)}`;
  });
  return block(`input Create${m.name}Input`, lines);
}

export function printUpdateInput(m: ModelIR): string {
  const keys = keyFields(m);
  const lines = writable(m).map((f) => {
    const isKey = keys.includes(f.name);
    const ref = typeRef(f, inputTypeName(f), isKey ? true : f.required);
    // required fields become optional on update: only the list-level `!` is dropped here
    return `${f.name}: ${isKey ? ref : ref.replace(/!$/, '')}`;
  });
  return block(`input Update${m.name}Input`, lines);
}

export function printDeleteInput(m: ModelIR): string {
  const fields = storedFields(m);
  const lines = keyFields(m).map((k) => {
    const f = fields.find((x) => x.name === k);
    return `${k}: ${f ? f.type.name : 'ID'}!`;
  });
  return block(`input Delete${m.name}Input`, lines);
}

/** Owner fields move last and keep `ModelStringInput`; there is no `not` (reference §4). */
export function printSubscriptionFilterInput(m: ModelIR): string {
  const name = `ModelSubscription${m.name}FilterInput`;
  const owners = ownerFields(m);
  // the transformer leaves dynamic-group fields out of subscription filters (it keeps them in the others)
  const groupFields = new Set(m.authRules.flatMap((r) => (r.groupsField ? [r.groupsField] : [])));
  const fields = filterableFields(m);
  const lines = fields
    .filter((f) => !owners.includes(f.name) && !groupFields.has(f.name))
    .flatMap((f) => {
      const t = subscriptionInputName(f);
      return t ? [`${f.name}: ${t}`] : [];
    });
  const ownerLines = owners.map((o) => `${o}: ModelStringInput`);
  return block(`input ${name}`, [...lines, ...logic(name, false), ...ownerLines]);
}
