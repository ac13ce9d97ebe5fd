import type { Kysely } from 'kysely';

/** `db` with a count of the statements run through it, a prepared one's (db/sql/prepared.ts) too. */
export function countingStatements(db: Kysely<any>): { db: Kysely<any>; counter: { statements: number } } {
  const counter = { statements: 0 };
  const counted = db.withPlugin({
    transformQuery: (args) => args.node,
    // every statement's result comes through here
    transformResult: async (args) => {
      counter.statements++;
      return args.result;
    },
  });
  return { db: counted, counter };
}
