/**
 * Hearth's own tables are made once per schema version: a database stamped by this version skips
 * their DDL on start, one stamped by another version (or none) gets it again. On SQLite, and on
 * PostgreSQL when HEARTH_TEST_DATABASE_URL is set.
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_ENGINES } from '../../../test/support/pg-schema.js';
import { connectSqlite } from '../sqlite/connect.js';
import { sqliteDialect } from '../sqlite/dialect.js';
import { CORE_SCHEMA_VERSION, ensureCoreTables } from './core-tables.js';
import { createSqlKeyStore } from './key-store.js';

/** the SQLite schema of version CORE_SCHEMA_VERSION: after a change to the core tables, bump the version and update this */
const SQLITE_SCHEMA_SHA256 = 'f13cbf65aa0c82c4469261fd97ede7d4e643835a077596a971cbb35abb90dd60';

const noFeed = {};

it('the core tables made are the ones CORE_SCHEMA_VERSION names (a change to them needs a bump)', async () => {
  const db = connectSqlite(':memory:');
  await ensureCoreTables(db, sqliteDialect, noFeed);
  const rows = await sql<{ sql: string }>`select sql from sqlite_master where sql is not null order by name`.execute(db);
  const digest = createHash('sha256')
    .update(rows.rows.map((r) => r.sql).join('\n'))
    .digest('hex');
  expect({ version: CORE_SCHEMA_VERSION, digest }).toEqual({ version: 1, digest: SQLITE_SCHEMA_SHA256 });
  await db.destroy();
});

describe.each(STORE_ENGINES)('core tables on $name', (engine) => {
  let db: Kysely<any>;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    if (engine.skip) return;
    ({ db, drop } = await engine.open());
  });
  afterEach(async () => {
    if (engine.skip) return;
    await db.destroy();
    await drop();
  });

  it.skipIf(Boolean(engine.skip))('a database another version made gets the tables this version adds', async () => {
    await ensureCoreTables(db, engine.dialect, noFeed);
    // as if an older Hearth had made the tables: no hearth_sweeps yet, and its own stamp
    await db.schema.dropTable('hearth_sweeps').execute();
    await createSqlKeyStore(db).put('hearth.core-schema', '0');
    await ensureCoreTables(db, engine.dialect, noFeed);
    await db.insertInto('hearth_sweeps').values({ task: 't', last_run: 1 }).execute();
    expect(await db.selectFrom('hearth_sweeps').select('task').execute()).toEqual([{ task: 't' }]);
  });

  it.skipIf(Boolean(engine.skip))('a fresh database gets every core table, and keys and users work at once', async () => {
    await ensureCoreTables(db, engine.dialect, noFeed);
    const keys = createSqlKeyStore(db);
    expect(await keys.getOrCreate('k', async () => 'v')).toBe('v');
    expect(await db.selectFrom('hearth_users').selectAll().execute()).toEqual([]);
  });
});
