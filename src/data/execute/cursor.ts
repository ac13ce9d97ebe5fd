import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Row } from '../../storage/ports.js';
import { HearthError } from '../../util/errors.js';

const invalid = () => new HearthError('ValidationError', 'The nextToken is invalid.');

/**
 * nextToken: the last row's primary key, base64url JSON, with an HMAC over the model name and the
 * payload. Opaque and tamper-proof like AppSync's encrypted tokens; a forged or foreign token is refused.
 */
export function createCursorCodec(key: Buffer) {
  const mac = (model: string, payload: string) => createHmac('sha256', key).update(`${model}\n${payload}`).digest();
  return {
    encode(model: string, keyFields: string[], row: Row): string {
      const payload = Buffer.from(JSON.stringify(keyFields.map((k) => row[k]))).toString('base64url');
      return `${payload}.${mac(model, payload).toString('base64url')}`;
    },
    decode(model: string, keyFields: string[], token: string): Row {
      const [payload, sig, extra] = token.split('.');
      if (!payload || !sig || extra !== undefined) throw invalid();
      const given = Buffer.from(sig, 'base64url');
      const expected = mac(model, payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
      const values: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (!Array.isArray(values) || values.length !== keyFields.length) throw invalid();
      return Object.fromEntries(keyFields.map((k, i) => [k, values[i]]));
    },
  };
}

export type CursorCodec = ReturnType<typeof createCursorCodec>;
