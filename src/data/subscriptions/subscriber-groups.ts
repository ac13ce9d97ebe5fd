import type { ChangeFeed, RecordChange } from '../../db/ports.js';
import type { GraphQLResponse } from '../types.js';

/** A rendered change: at once when every field resolved synchronously, else later. */
export type Answer = GraphQLResponse | Promise<GraphQLResponse>;

/** What a group of subscribers listens for: one decision and one render per change for all of them. */
export interface GroupListener {
  shouldDeliver(change: RecordChange): boolean;
  render(change: RecordChange): Answer;
}

type Member = (answer: () => Answer) => void;

interface Group {
  members: Set<Member>;
  unsubscribe: () => void;
}

/**
 * Subscribers whose answers can only be the same (same document, variables and identity: a
 * thousand browsers on one API key) form one group with one change-feed listener, so a change is
 * checked and rendered once and the fan-out is one loop over the members, not a listener each.
 * A subscriber without a key is a group of its own.
 */
export function createSubscriberGroups(changes: ChangeFeed) {
  const groups = new Map<string, Group>();
  return {
    /** Adds a subscriber, in the group of `key` (made from `listener` if it is the first); returns its unsubscribe. */
    join(key: string | undefined, listener: GroupListener, onData: (r: GraphQLResponse) => void): () => void {
      let group = key === undefined ? undefined : groups.get(key);
      if (!group) {
        group = startGroup(changes, listener);
        if (key !== undefined) groups.set(key, group);
      }
      const joined = group;
      const member = memberOf(onData);
      joined.members.add(member);
      return () => {
        if (!joined.members.delete(member) || joined.members.size > 0) return;
        joined.unsubscribe();
        if (key !== undefined && groups.get(key) === joined) groups.delete(key);
      };
    },
  };
}

function startGroup(changes: ChangeFeed, listener: GroupListener): Group {
  const members = new Set<Member>();
  const unsubscribe = changes.subscribe((change) => {
    if (!listener.shouldDeliver(change)) return;
    let answer: Answer | undefined;
    const answerNow = () => {
      answer ??= listener.render(change);
      return answer;
    };
    for (const member of [...members]) {
      try {
        member(answerNow);
      } catch {
        // one subscriber's failure must not stop the others
      }
    }
  });
  return { members, unsubscribe };
}

/**
 * One event at a time per subscriber, so it sees changes in the order they happened: an answer
 * ready at once (no nested resolver ran) goes out at once unless earlier ones still wait.
 */
function memberOf(onData: (r: GraphQLResponse) => void): Member {
  let queue = Promise.resolve();
  let waiting = 0;
  const later = (answer: () => Answer) => {
    waiting++;
    queue = queue
      .then(answer)
      .then(onData, () => {})
      .finally(() => waiting--);
  };
  return (answerNow) => {
    if (waiting > 0) return later(answerNow);
    const answer = answerNow();
    if (isPromiseLike(answer)) return later(() => answer);
    onData(answer);
  };
}

const isPromiseLike = <T>(v: T | Promise<T>): v is Promise<T> => typeof (v as { then?: unknown } | null)?.then === 'function';
