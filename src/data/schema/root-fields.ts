import type { ModelIR } from '../../ir/types.js';
import { modelDirectives } from './auth-directives.js';
import { keyFields, ownerFields, storedFields } from './field-types.js';
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

function keyType(m: ModelIR, name: string): string {
  const f = storedFields(m).find((x) => x.name === name);
  return f ? f.type.name : 'ID';
}

function listArgs(m: ModelIR): string[] {
  const common = [`filter: Model${m.name}FilterInput`, 'limit: Int', 'nextToken: String'];
  if (!m.primaryKey.isCustom) return common;
  const pk = m.primaryKey.partitionKey;
  const sk = m.primaryKey.sortKeys;
  // TODO(composite-sort-keys): Model<T>PrimaryCompositeKeyConditionInput for more than one sort key
  const skArg = sk.length === 1 && sk[0] ? [`${sk[0]}: Model${keyType(m, sk[0])}KeyConditionInput`] : [];
  return [`${pk}: ${keyType(m, pk)}`, ...skArg, ...common, 'sortDirection: ModelSortDirection'];
}

export function queryFields(m: ModelIR): string[] {
  const n = operationNames(m);
  const dirs = modelDirectives(m).join(' ');
  const out: string[] = [];
  const getArgs = keyFields(m).map((k) => `${k}: ${keyType(m, k)}!`);
  if (m.operations.get) out.push(`${n.get}${args(getArgs)}: ${m.name} ${dirs}`);
  if (m.operations.list) out.push(`${n.list}${args(listArgs(m))}: Model${m.name}Connection ${dirs}`);
  return out;
}

export function mutationFields(m: ModelIR): string[] {
  const n = operationNames(m);
  const dirs = modelDirectives(m).join(' ');
  const cond = `condition: Model${m.name}ConditionInput`;
  return (['create', 'update', 'delete'] as const)
    .filter((op) => m.operations[op])
    .map((op) => `${n[op]}(input: ${pascal(op)}${m.name}Input!, ${cond}): ${m.name} ${dirs}`);
}

export function subscriptionFields(m: ModelIR): string[] {
  const n = operationNames(m);
  const dirs = modelDirectives(m).join(' ');
  const ownerArgs = ownerFields(m).map((o) => `${o}: String`);
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
