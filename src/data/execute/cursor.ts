import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { Row } from '../../db/ports.js';
import { HearthError } from '../../util/errors.js';

/**
 * AppSync's answer to a nextToken it cannot use (seen on real deployments): errorType
 * `DynamoDB:UserIllegalArgumentException`, "Invalid pagination token given." (error-entry.ts maps it).
 */
const invalid = () => new HearthError('InvalidPaginationToken', 'Invalid pagination token given.');

const IV = 12;
const TAG = 16;

/**
 * nextToken: the order-key values of a page's last row, sealed with AES-256-GCM. Like AppSync's
 * encrypted tokens it is opaque (the client cannot read the keys) and tamper-proof (a modified or
 * forged token fails authentication). The `scope` (see cursorScope) is the GCM associated data, so
 * a token only opens for the query that issued it: another model, filter, index, key condition
 * or sort direction refuses it. Pages are keyset pages (rows strictly after these values), so
 * rows inserted meanwhile never shift or repeat a page, as OFFSET would.
 */
export function createCursorCodec(secret: Buffer) {
  // a key of its own, so the configured secret is never used directly as a cipher key
  const key = createHmac('sha256', secret).update('hearth nextToken v1').digest();
  return {
    encode(scope: string, keyFields: string[], row: Row): string {
      const iv = randomBytes(IV);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(scope, 'utf8'));
      const plain = Buffer.from(JSON.stringify(keyFields.map((k) => row[k] ?? null)), 'utf8');
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return sealed.toString('base64url');
    },
    decode(scope: string, keyFields: string[], token: string): Row {
      const values = open(key, scope, token);
      if (!Array.isArray(values) || values.length !== keyFields.length) throw invalid();
      return Object.fromEntries(keyFields.map((k, i) => [k, values[i]]));
    },
  };
}

function open(key: Buffer, scope: string, token: string): unknown {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid();
  const sealed = Buffer.from(token, 'base64url');
  // base64 decoding ignores stray trailing bits: only the canonical spelling of a token is accepted
  if (sealed.length < IV + TAG + 1 || sealed.toString('base64url') !== token) throw invalid();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV));
    decipher.setAAD(Buffer.from(scope, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
    const plain = Buffer.concat([decipher.update(sealed.subarray(IV, sealed.length - TAG)), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  } catch {
    throw invalid();
  }
}

export type CursorCodec = ReturnType<typeof createCursorCodec>;

/**
 * What a nextToken is bound to: the root or relation field, the model, the order, and every
 * argument that changes which rows a page holds (filter, key condition, sort direction), but
 * not `limit`, which a client may change between pages as AppSync allows. Key order inside the
 * filter objects does not matter.
 * Example: `cursorScope({ field: 'Query.listTodos', model: 'Todo', order: ['id'], filter })`.
 */
export function cursorScope(parts: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('base64url');
}

function canonicalJson(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined && x !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
