import type { SqlDialect } from '../sql/dialect.js';
import { runNow } from './connect.js';
import { withPostgresMigrationLock } from './migration-lock.js';

export const postgresDialect: SqlDialect = {
  engine: 'postgres',
  columnTypes: { text: 'text', integer: 'integer', bigint: 'bigint', float: 'double precision', boolean: 'boolean', json: 'jsonb' },
  encodeBoolean: (b) => b,
  decodeBoolean: (v) => v === true || v === 't',
  // pg serialises objects itself, but arrays would become PG arrays: always send JSON text for jsonb
  encodeJson: (v) => (v === undefined ? null : JSON.stringify(v)),
  // node-postgres already parses jsonb: a JSON string value arrives as a JS string, not JSON text
  decodeJson: (v) => v ?? null,
  decodeBigint: (v) => Number(v),
  withMigrationLock: withPostgresMigrationLock,
  runNow,
};
