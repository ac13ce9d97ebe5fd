import type { Row } from '../../db/ports.js';
import { keyFields } from '../schema/index.js';
import { nowIso, type ResolverCall, type ResolverDeps, readBack } from './deps.js';
import { fillOnUpdate } from './field-defaults.js';
import { guardWrite } from './write-guard.js';

/** update<T>: a partial patch of the given fields; updatedAt is bumped; `condition` must hold. */
export async function updateRecord(deps: ResolverDeps, call: ResolverCall) {
  const { key, condition } = await guardWrite(deps, call, 'update');
  const keys = keyFields(call.model);
  const patch: Row = Object.fromEntries(Object.entries(call.args.input as Row).filter(([k]) => !keys.includes(k)));
  fillOnUpdate(call.model, patch, nowIso(deps.clock));
  return readBack(call.model, await deps.records.update(call.model, key, patch, condition));
}
