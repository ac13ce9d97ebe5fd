import { authorize, rowPasses } from '../auth/index.js';
import { pickKey, type ResolverCall, type ResolverDeps, readBack, unauthorized } from './deps.js';

export async function getRecord(deps: ResolverDeps, call: ResolverCall) {
  const { model, args, caller, info } = call;
  const decision = authorize(model, 'get', caller, deps.ir);
  if (decision.grant === 'none') throw unauthorized(info);
  const row = await deps.records.get(model, pickKey(model, args));
  if (!row) return null;
  if (decision.grant === 'records' && !rowPasses(row, decision.checks)) throw unauthorized(info);
  return readBack(model, row);
}
