/**
 * scrypt password hashes for USER_PASSWORD_AUTH, stored as `scrypt$<saltB64>$<hashB64>`.
 *
 * Cost N=4096, r=8, p=1 (4 MiB, ~10 ms): sign-up must stay fast, and the SRP verifier stored next
 * to this hash is itself only two SHA-256s and a modexp away from the password, so a costlier
 * scrypt would not make a stolen users table meaningfully harder to crack. Runs on libuv's pool
 * (async scrypt) so it never blocks the event loop.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const PARAMS = { N: 4096, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, PARAMS, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, saltB64, hashB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = await derive(password, Buffer.from(saltB64, 'base64'));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
