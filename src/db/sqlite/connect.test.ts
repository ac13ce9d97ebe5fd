import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { connectSqlite } from './connect.js';

const dir = mkdtempSync(join(tmpdir(), 'hearth-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pragmas(synchronous?: 'FULL' | 'NORMAL') {
  const db = connectSqlite(join(dir, `${synchronous ?? 'default'}.sqlite`), synchronous);
  const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
  const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
  await db.destroy();
  return { journal: mode.rows[0]?.journal_mode, synchronous: sync.rows[0]?.synchronous };
}

it('commits with synchronous = FULL unless asked for NORMAL, always in WAL mode', async () => {
  // SQLite reports synchronous as a number: 1 NORMAL, 2 FULL
  expect(await pragmas()).toEqual({ journal: 'wal', synchronous: 2 });
  expect(await pragmas('FULL')).toEqual({ journal: 'wal', synchronous: 2 });
  expect(await pragmas('NORMAL')).toEqual({ journal: 'wal', synchronous: 1 });
});
