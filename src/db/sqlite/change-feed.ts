import type { ClosableChangeFeed } from '../sql/local-change-feed.js';
import { createLocalListeners } from '../sql/local-change-feed.js';

/**
 * SQLite is embedded: one process owns the file (the sandbox), so in-process fan-out reaches every
 * subscriber. A second process writing the same file would not be seen; Hearth never does that.
 */
export function createSqliteChangeFeed(): ClosableChangeFeed {
  const local = createLocalListeners();
  return {
    async publish(change) {
      local.deliver(change);
    },
    subscribe: (listener) => local.add(listener),
    async close() {},
  };
}
