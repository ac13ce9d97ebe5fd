import { type ResolverCall, type ResolverDeps, readBack } from './deps.js';
import { guardWrite } from './write-guard.js';

/** delete<T>: removes the record when `condition` holds and returns it as it was. */
export async function deleteRecord(deps: ResolverDeps, call: ResolverCall) {
  const { key, condition } = await guardWrite(deps, call, 'delete');
  return readBack(call.model, await deps.records.delete(call.model, key, condition));
}
