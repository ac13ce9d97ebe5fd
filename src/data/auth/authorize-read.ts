import type { Row } from '../../db/ports.js';
import type { DataIR, ModelIR } from '../../ir/types.js';
import type { Caller } from '../types.js';
import { authorize } from './authorize.js';
import { checksFilter, rowPasses } from './record-checks.js';
import type { ReadAuthorization } from './types.js';

/**
 * A read of a model's records: get, list, an index query, a hasMany/hasOne read, a subscription
 * (`listen`). `filter` carries the owner / dynamic-group conditions as a FilterInput for
 * ListQuery.authFilter, so pages and limits count only records the caller may see.
 * Example: `const a = authorizeRead(model, caller, ir, 'list'); if (a.kind === 'deny') throw …;
 * store.list(model, { …, authFilter: a.kind === 'filter' ? a.authFilter : undefined })`.
 */
export function authorizeRead(model: ModelIR, caller: Caller, ir: DataIR, op: 'get' | 'list' | 'listen' = 'list'): ReadAuthorization {
  const d = authorize(model, op, caller, ir);
  if (d.grant === 'all') return { kind: 'allow' };
  if (d.grant === 'none') return { kind: 'deny' };
  return { kind: 'filter', authFilter: checksFilter(d.checks), checks: d.checks };
}

/**
 * Whether the caller may see this record (subscriptions, nested reads, belongsTo). Pass the stored
 * row (owner values unstripped); a read-back row works too for the default claim, since the
 * username is one of the three owner forms accepted.
 */
export function canReadRecord(model: ModelIR, caller: Caller, ir: DataIR, row: Row, op: 'get' | 'list' | 'listen' = 'get'): boolean {
  const a = authorizeRead(model, caller, ir, op);
  return a.kind === 'allow' || (a.kind === 'filter' && rowPasses(row, a.checks));
}
