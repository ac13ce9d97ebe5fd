/**
 * Object keys: any UTF-8 up to 1,024 bytes, as S3 takes them, with two refusals of Hearth's own.
 * A key with a `.` or `..` segment is refused: a browser or URL library resolves such segments
 * before sending (`public/../admin/x` leaves as `admin/x`), so the key a client meant and the key a
 * path rule would judge could differ, and a key that escapes its folder when copied to disk must
 * never be stored. A NUL character is refused because PostgreSQL text cannot hold it. Keys never
 * become file paths here (blobs have random ids).
 */
import { HearthError } from '../util/errors.js';

export const MAX_KEY_BYTES = 1024;

const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)/;

export function checkKey(key: string): void {
  if (key.length === 0) throw new HearthError('InvalidArgument', 'An object key must not be empty.');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new HearthError('KeyTooLongError', 'Your key is too long.');
  if (DOT_SEGMENT.test(key))
    throw new HearthError(
      'InvalidArgument',
      "Object keys with a '.' or '..' path segment are refused: a client would resolve them to another key.",
    );
  if (key.includes('\0')) throw new HearthError('InvalidArgument', 'Object keys must not contain a NUL character.');
}
