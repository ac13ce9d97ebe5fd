import { sql } from 'kysely';
import type { Database } from '../db/index.js';

/**
 * The readiness check behind `/_hearth/ready`: one round trip to the database. It is set only
 * after the migrations ran and the services are wired, so a pass means both.
 */
export async function pingDatabase(db: Database): Promise<void> {
  await sql`select 1`.execute(db.db);
}
