/**
 * Object keys as S3 takes them: any UTF-8 up to 1,024 bytes. Keys never become file paths here (blobs
 * have random ids), so `../` in a key is only characters, as it is on S3; the path rules
 * (access.ts) decide who may touch a key, whatever it contains.
 */
import { HearthError } from '../util/errors.js';

export const MAX_KEY_BYTES = 1024;

export function checkKey(key: string): void {
  if (key.length === 0) throw new HearthError('InvalidArgument', 'An object key must not be empty.');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new HearthError('KeyTooLongError', 'Your key is too long.');
}
