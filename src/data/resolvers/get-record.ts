import type { Row } from '../../db/ports.js';
import { authorize, rowPasses } from '../auth/index.js';
import { pickKey, type ResolverCall, type ResolverDeps, readBack, unauthorized } from './deps.js';

export async function getRecord(deps: ResolverDeps, call: ResolverCall) {
  const found = await readRecord(deps, call);
  if (found === 'denied') throw unauthorized(call.info);
  return found;
}

/** The record a get answers with (null: none), or 'denied' when the caller may not read it. */
export async function readRecord(deps: ResolverDeps, call: Omit<ResolverCall, 'info'>): Promise<Row | null | 'denied'> {
  const { model, args, caller } = call;
  const decision = authorize(model, 'get', caller, deps.ir);
  if (decision.grant === 'none') return 'denied';
  const row = await deps.records.get(model, pickKey(model, args));
  if (!row) return null;
  if (decision.grant === 'records' && !rowPasses(row, decision.checks)) return 'denied';
  return readBack(model, row);
}
