import type { ModelIR } from '../../ir/types.js';
import { modelDirectives } from './auth-directives.js';
import { keyFields, ownerFields } from './field-types.js';
import { indexKeySpec, keyFieldType, primaryKeySpec, sortKeyArgument } from './key-inputs.js';
import { args, pascal } from './sdl-writer.js';

/** Operation (root field) names, exactly as Amplify names them. */
export function operationNames(m: ModelIR) {
  const p = pascal(m.name);
  return {
    get: `get${p}`,
    list: `list${pascal(m.pluralName)}`,
    create: `create${p}`,
    update: `update${p}`,
    delete: `delete${p}`,
    onCreate: `onCreate${p}`,
    onUpdate: `onUpdate${p}`,
    onDelete: `onDelete${p}`,
  };
}

function listArgs(m: ModelIR): string[] {
  const common = [`filter: Model${m.name}FilterInput`, 'limit: Int', 'nextToken: String'];
  if (!m.primaryKey.isCustom) return common;
  const pk = m.primaryKey.partitionKey;
  const sk = sortKeyArgument(primaryKeySpec(m));
  return [`${pk}: ${keyFieldType(m, pk)}`, ...(sk ? [`${sk.name}: ${sk.type}`] : []), ...common, 'sortDirection: ModelSortDirection'];
}

/**
 * Secondary-index query fields (amplify-graphql-index-transformer ensureQueryField): partition key
 * (required), sort-key condition, then sortDirection, filter, limit, nextToken.
 */
export function indexQueryFields(m: ModelIR): string[] {
  const dirs = modelDirectives(m, 'list').join(' ');
  return m.secondaryIndexes.flatMap((ix) => {
    if (!ix.queryField) return [];
    const sk = sortKeyArgument(indexKeySpec(m, ix));
    const a = [
      `${ix.partitionKey}: ${keyFieldType(m, ix.partitionKey)}!`,
      ...(sk ? [`${sk.name}: ${sk.type}`] : []),
      'sortDirection: ModelSortDirection',
      `filter: Model${m.name}FilterInput`,
      'limit: Int',
      'nextToken: String',
    ];
    return [`${ix.queryField}${args(a)}: Model${m.name}Connection ${dirs}`];
  });
}

export function queryFields(m: ModelIR): string[] {
  const n = operationNames(m);
  const dirs = (op: 'get' | 'list') => modelDirectives(m, op).join(' ');
  const out: string[] = [];
  const getArgs = keyFields(m).map((k) => `${k}: ${keyFieldType(m, k)}!`);
  if (m.operations.get) out.push(`${n.get}${args(getArgs)}: ${m.name} ${dirs('get')}`);
  if (m.operations.list) out.push(`${n.list}${args(listArgs(m))}: Model${m.name}Connection ${dirs('list')}`);
  // Amplify's deployed Query lists a model's index queries right after its get and list
  return [...out, ...indexQueryFields(m)];
}

export function mutationFields(m: ModelIR): string[] {
  const n = operationNames(m);
  const cond = `condition: Model${m.name}ConditionInput`;
  return (['create', 'update', 'delete'] as const)
    .filter((op) => m.operations[op])
    .map((op) => `${n[op]}(input: ${pascal(op)}${m.name}Input!, ${cond}): ${m.name} ${modelDirectives(m, op).join(' ')}`);
}

export function subscriptionFields(m: ModelIR): string[] {
  const n = operationNames(m);
  const dirs = modelDirectives(m, 'listen').join(' ');
  // only single-value owner fields become arguments; a multi-owner list (ownersDefinedIn) gets none
  const isList = (name: string) => m.fields.some((f) => f.name === name && f.isArray);
  const ownerArgs = ownerFields(m)
    .filter((o) => !isList(o))
    .map((o) => `${o}: String`);
  const a = args([`filter: ModelSubscription${m.name}FilterInput`, ...ownerArgs]);
  return (
    [
      ['onCreate', 'create'],
      ['onUpdate', 'update'],
      ['onDelete', 'delete'],
    ] as const
  )
    .filter(([sub]) => m.operations[sub])
    .map(([sub, mut]) => `${n[sub]}${a}: ${m.name} @aws_subscribe(mutations: ["${n[mut]}"]) ${dirs}`);
}
