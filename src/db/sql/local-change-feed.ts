import type { Kysely } from 'kysely';
import type { ChangeFeed, RecordChange } from '../ports.js';

/** A change feed the storage owns, so closing the storage also stops the feed. */
export interface ClosableChangeFeed extends ChangeFeed {
  close(): Promise<void>;
  /** creates the tables the feed keeps (run by `migrate`, under the migration lock) */
  createTables?(db: Kysely<any>): Promise<void>;
}

/** The in-process part every adapter shares: a set of listeners called synchronously, in order. */
export interface LocalListeners {
  add(listener: (change: RecordChange) => void): () => void;
  deliver(change: RecordChange): void;
}

export function createLocalListeners(): LocalListeners {
  const listeners = new Set<(change: RecordChange) => void>();
  return {
    add(listener) {
      // a wrapper per call, so subscribing the same function twice gives two independent handles
      const entry = (c: RecordChange) => listener(c);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    deliver(change) {
      for (const l of [...listeners]) {
        try {
          l(change);
        } catch {
          // one subscriber's failure must not stop the others, nor fail the mutation that published
        }
      }
    },
  };
}
