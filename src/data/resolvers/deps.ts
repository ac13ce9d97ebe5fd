import type { GraphQLResolveInfo } from 'graphql';
import type { RecordStore, Row } from '../../db/ports.js';
import type { DataIR, ModelIR } from '../../ir/types.js';
import type { Clock } from '../../util/clock.js';
import { HearthError } from '../../util/errors.js';
import type { Ids } from '../../util/ids.js';
import { stripOwnerValue, type WriteAuthorization } from '../auth/index.js';
import type { CursorCodec } from '../execute/cursor.js';
import { keyFields, ownerFields } from '../schema/index.js';
import type { Caller } from '../types.js';

export interface ResolverDeps {
  ir: DataIR;
  records: RecordStore;
  clock: Clock;
  ids: Ids;
  cursor: CursorCodec;
}

/** What every resolver receives besides its arguments. */
export interface ResolverCall {
  model: ModelIR;
  args: Record<string, unknown>;
  caller: Caller;
  info: GraphQLResolveInfo;
}

/** AppSync's refusal: the field resolves to null with this error (reference §E.3). */
export function unauthorized(info: GraphQLResolveInfo): HearthError {
  return new HearthError('Unauthorized', `Not Authorized to access ${info.fieldName} on type ${info.parentType.name}`);
}

/** A refused write in AppSync's words (authorizeWrite's non-allow answers). */
export function writeRefusal(auth: Exclude<WriteAuthorization, { kind: 'allow' }>, info: GraphQLResolveInfo): HearthError {
  if (auth.kind === 'deniedFields') return new HearthError('Unauthorized', `Unauthorized on [${auth.fields.join(', ')}]`);
  // a missing record is a failed condition, as DynamoDB reports it
  if (auth.kind === 'notFound') return new HearthError('ConditionalCheckFailed', 'The conditional request failed');
  return unauthorized(info);
}

export function pickKey(model: ModelIR, from: Row): Row {
  return Object.fromEntries(keyFields(model).map((k) => [k, from[k]]));
}

/** What clients see: owner values with everything up to the last `::` stripped. */
export function readBack(model: ModelIR, row: Row): Row {
  const owners = ownerFields(model);
  if (owners.length === 0) return row;
  const out = { ...row };
  for (const f of owners) out[f] = stripOwnerValue(out[f]);
  return out;
}

export function nowIso(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}

/** Server-kept timestamps exist only when the model has them (Gen 2 adds them unless disabled). */
export function hasTimestamp(model: ModelIR, name: 'createdAt' | 'updatedAt'): boolean {
  return model.fields.some((f) => f.name === name && f.readOnly);
}
