import type { SqlDialect } from '../sql/dialect.js';
import { readNow, runNow } from './connect.js';

export const sqliteDialect: SqlDialect = {
  engine: 'sqlite',
  columnTypes: { text: 'text', integer: 'integer', bigint: 'integer', float: 'real', boolean: 'integer', json: 'text' },
  encodeBoolean: (b) => (b ? 1 : 0),
  decodeBoolean: (v) => v === 1 || v === true || v === '1',
  encodeJson: (v) => (v === undefined ? null : JSON.stringify(v)),
  decodeJson: (v) => (typeof v === 'string' ? JSON.parse(v) : (v ?? null)),
  decodeBigint: (v) => Number(v),
  readNow,
  runNow,
};
