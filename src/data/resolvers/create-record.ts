import type { FilterInput, Row } from '../../db/ports.js';
import { HearthError } from '../../util/errors.js';
import { authorizeWrite } from '../auth/index.js';
import { matchesFilter } from '../filter/evaluate.js';
import { nowIso, type ResolverCall, type ResolverDeps, readBack, writeRefusal } from './deps.js';
import { fillOnCreate } from './field-defaults.js';

/**
 * create<T>: owner fields are stamped with the caller when absent, then must identify the caller
 * (unless a static rule grants); id, createdAt and updatedAt are the server's.
 * `condition` is tested against the item that does not exist yet: Amplify's PutItem carries
 * `attribute_not_exists(id)` AND the condition, so the condition can only ever meet an absent item
 * (`attributeExists: false` passes, `eq` fails); a duplicate key fails the same way.
 */
export async function createRecord(deps: ResolverDeps, call: ResolverCall) {
  const { model, args, caller, info } = call;
  const auth = await authorizeWrite({ model, caller, ir: deps.ir, op: 'create', input: args.input as Row });
  if (auth.kind !== 'allow') throw writeRefusal(auth, info);
  if (!matchesFilter({}, args.condition as FilterInput | null | undefined, model)) {
    throw new HearthError('ConditionalCheckFailed', 'The conditional request failed');
  }
  const input: Row = auth.input;
  if (!model.primaryKey.isCustom && (input.id === undefined || input.id === null)) input.id = deps.ids.uuid();
  fillOnCreate(model, input, nowIso(deps.clock));
  return readBack(model, await deps.records.insert(model, input));
}
