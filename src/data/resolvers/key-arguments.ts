import type { KeyCondition, Row, SortKeyOperator } from '../../db/ports.js';
import { HearthError } from '../../util/errors.js';
import { compositeArgumentName } from '../schema/index.js';

const OPERATORS: ReadonlySet<string> = new Set<SortKeyOperator>(['eq', 'le', 'lt', 'ge', 'gt', 'between', 'beginsWith']);

const invalid = (message: string) => new HearthError('ValidationError', message);

/**
 * A list or index query's key arguments → a KeyCondition: `status: "X", createdAt: {gt: "…"}`, or
 * for composite sort keys `deviceId: "d", yearTs: {between: [{year: 1}, {year: 2, ts: "…"}]}`.
 * Undefined when the partition key is absent (a list without key arguments is a scan). The
 * checks and their wording follow the transformer's VTL (validateCompositeKeyArguments).
 */
export function keyConditionFromArgs(o: {
  partitionKey: string;
  sortKeys: string[];
  args: Record<string, unknown>;
}): KeyCondition | undefined {
  const { partitionKey, sortKeys, args } = o;
  const argName = sortKeys.length > 1 ? compositeArgumentName(sortKeys) : sortKeys[0];
  const skArg = argName ? (args[argName] as Record<string, unknown> | null | undefined) : undefined;
  const pk = args[partitionKey];
  if (pk === undefined || pk === null) {
    if (skArg) throw invalid(`When providing argument '${argName}' you must also provide '${partitionKey}'.`);
    return undefined;
  }
  const kc: KeyCondition = { partition: { [partitionKey]: pk }, sortKeys };
  if (!skArg || !argName) return kc;
  const ops = Object.entries(skArg).filter(([, v]) => v !== undefined && v !== null);
  if (ops.length === 0) return kc;
  const [op, value] = ops[0] as [string, unknown];
  if (ops.length > 1 || !OPERATORS.has(op)) throw invalid(`Argument '${argName}' takes exactly one key condition.`);
  const composite = sortKeys.length > 1;
  const asBound = (v: unknown, where: string): Row => (composite ? leadingRun(sortKeys, v as Row, where) : { [argName]: v });
  if (op === 'between') {
    if (!Array.isArray(value) || value.length !== 2) throw invalid(`Argument '${argName}.between' expects exactly two elements.`);
    return { ...kc, range: { op, bounds: value.map((v, i) => asBound(v, `${argName}.between[${i}]`)) } };
  }
  return { ...kc, range: { op: op as SortKeyOperator, bounds: [asBound(value, `${argName}.${op}`)] } };
}

/** A composite bound must give a leading run of the sort keys: `ts` without `year` is refused. */
function leadingRun(sortKeys: string[], bound: Row, where: string): Row {
  const given = (k: string | undefined) => k !== undefined && bound[k] !== undefined && bound[k] !== null;
  sortKeys.forEach((k, i) => {
    const prev = sortKeys[i - 1];
    if (i > 0 && given(k) && !given(prev))
      throw invalid(`When providing argument '${where}.${k}' you must also provide '${where}.${prev}'.`);
  });
  return bound;
}
