/**
 * The database under the in-process auth benchmarks (auth-micro.js, auth-parts.js): an SQLite WAL file
 * with synchronous=NORMAL, as the sandbox opens it, or a throw-away PostgreSQL schema. Needs dist/.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { connectPostgres } from '../../dist/db/postgres/connect.js';
import { postgresDialect } from '../../dist/db/postgres/dialect.js';
import { createSqlDatabase } from '../../dist/db/sql/create-database.js';
import { connectSqlite } from '../../dist/db/sqlite/connect.js';
import { sqliteDialect } from '../../dist/db/sqlite/dialect.js';
import { createSchema, DEFAULT_PG_URL, dropSchema } from './postgres.js';
import { REPO } from './sandbox.js';

/** `--name value` from the command line, else `fallback`. */
export const cliArg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

/** A fresh database named after `name` (test-artifacts/<name>/, or schema hearth_<name>_<time>); `drop` removes the schema. */
export async function openAuthDatabase(engine, name) {
  if (engine === 'sqlite') {
    const dir = join(REPO, 'test-artifacts', name);
    rmSync(dir, { recursive: true, force: true });
    return { db: createSqlDatabase(connectSqlite(join(dir, 'db.sqlite'), 'NORMAL'), sqliteDialect), drop: async () => {} };
  }
  const base = process.env.BENCH_PG_URL || DEFAULT_PG_URL;
  const schema = `hearth_${name.replace(/\W/g, '')}_${Date.now().toString(36)}`;
  const url = await createSchema(base, schema);
  return { db: createSqlDatabase(await connectPostgres(url), postgresDialect), drop: () => dropSchema(base, schema) };
}
