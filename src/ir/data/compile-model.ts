import type { ObjectTypeDefinitionNode } from 'graphql';
import pluralize from 'pluralize';
import { HearthError } from '../../util/errors.js';
import type { FieldIR, ModelIR, SecondaryIndexIR } from '../types.js';
import { compileAuthRule } from './auth-rules.js';
import { directiveArgs, findDirective } from './directives.js';
import type { TypeNames } from './field-type.js';
import { readField } from './read-field.js';

/** One `type X @model` → ModelIR, with the implicit fields Amplify adds, in served order. */
export function compileModel(node: ObjectTypeDefinitionNode, names: TypeNames, file: string): ModelIR {
  const name = node.name.value;
  const where = `${file}: model ${name}`;
  const fields = (node.fields ?? []).map((f) => readField(f, names, where));
  const pkNode = node.fields?.find((f) => findDirective(f.directives, 'primaryKey'));
  const sortKeys = pkNode ? ((directiveArgs(findDirective(pkNode.directives, 'primaryKey')).sortKeyFields as string[]) ?? []) : [];
  const partitionKey = pkNode?.name.value ?? 'id';
  const authRules = ((directiveArgs(findDirective(node.directives, 'auth')).rules as Record<string, unknown>[]) ?? []).map((r) =>
    compileAuthRule(r, where),
  );
  const has = (n: string) => fields.some((f) => f.name === n);
  if (!pkNode && !has('id')) fields.push(implicit('id', 'ID'));
  for (const ts of ['createdAt', 'updatedAt']) if (!has(ts)) fields.push({ ...implicit(ts, 'AWSDateTime'), readOnly: true });
  // field-level owner rules add their owner field too (the transformer collects owner fields from every role)
  for (const rule of [...authRules, ...fields.flatMap((f) => f.authRules ?? [])]) {
    if (rule.ownerField && !has(rule.ownerField)) fields.push({ ...implicit(rule.ownerField, 'String'), required: false });
  }
  for (const key of [partitionKey, ...sortKeys]) {
    if (!has(key)) throw new HearthError('ConfigError', `${where}: the identifier names ${key}, which is not a field.`);
  }
  return {
    name,
    pluralName: pluralize.plural(name),
    fields,
    primaryKey: { partitionKey, sortKeys, isCustom: Boolean(pkNode) },
    secondaryIndexes: secondaryIndexes(node, name),
    authRules,
    operations: operations(directiveArgs(findDirective(node.directives, 'model'))),
    tableName: name,
  };
}

function implicit(name: string, type: 'ID' | 'AWSDateTime' | 'String'): FieldIR {
  return {
    name,
    type: { kind: 'scalar', name: type },
    required: true,
    isArray: false,
    arrayNullable: true,
    readOnly: name !== 'id',
  };
}

function operations(args: Record<string, unknown>): ModelIR['operations'] {
  const on = (group: string, op: string) => {
    if (!(group in args)) return true;
    const g = args[group];
    if (g === null) return false;
    return !(g && typeof g === 'object' && op in g && (g as Record<string, unknown>)[op] === null);
  };
  return {
    get: on('queries', 'get'),
    list: on('queries', 'list'),
    create: on('mutations', 'create'),
    update: on('mutations', 'update'),
    delete: on('mutations', 'delete'),
    onCreate: on('subscriptions', 'onCreate'),
    onUpdate: on('subscriptions', 'onUpdate'),
    onDelete: on('subscriptions', 'onDelete'),
  };
}

function secondaryIndexes(node: ObjectTypeDefinitionNode, model: string): SecondaryIndexIR[] {
  const out: SecondaryIndexIR[] = [];
  for (const f of node.fields ?? []) {
    for (const d of f.directives ?? []) {
      if (d.name.value !== 'index') continue;
      const a = directiveArgs(d);
      const sortKeys = (a.sortKeyFields as string[] | undefined) ?? [];
      const suffix = [f.name.value, ...sortKeys].map(cap).join('And');
      out.push({
        name: (a.name as string | undefined) ?? `${lowerFirst(pluralize.plural(model))}By${suffix}`,
        // an explicit `queryField: null` keeps the index without a root query field
        queryField: a.queryField === null ? null : ((a.queryField as string | undefined) ?? `list${model}By${suffix}`),
        partitionKey: f.name.value,
        sortKeys,
      });
    }
  }
  return out;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
