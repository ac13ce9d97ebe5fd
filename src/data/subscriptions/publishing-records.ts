import type { ChangeFeed, RecordStore } from '../../db/ports.js';

/**
 * The record store the resolvers write through: after each successful insert, update and delete,
 * the stored row goes to the change feed. Publishing here (not in each resolver) means every
 * resolver that writes feeds subscriptions; a failed write publishes nothing.
 */
export function withChangePublishing(records: RecordStore, changes: ChangeFeed): RecordStore {
  return {
    // reads (and any method added later) pass through unchanged
    ...records,
    async insert(model, row) {
      const stored = await records.insert(model, row);
      await changes.publish({ model: model.name, op: 'create', record: stored });
      return stored;
    },
    async update(model, key, patch, condition) {
      const stored = await records.update(model, key, patch, condition);
      await changes.publish({ model: model.name, op: 'update', record: stored });
      return stored;
    },
    async delete(model, key, condition) {
      const stored = await records.delete(model, key, condition);
      await changes.publish({ model: model.name, op: 'delete', record: stored });
      return stored;
    },
  };
}
