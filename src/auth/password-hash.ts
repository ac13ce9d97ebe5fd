/**
 * Legacy scrypt password hashes, `scrypt$<saltB64>$<hashB64>` (N=4096, r=8, p=1), as Hearth wrote
 * them beside the SRP verifier until passwords were checked with the verifier alone
 * (password-check.ts). Nothing writes them any more; rows that still hold one are read with
 * {@link verifyPassword} when their verifier cannot be read, and lose the hash on their next
 * successful sign-in. {@link hashPassword} stays so tests can write a row the old way.
 * Runs on libuv's pool (async scrypt) so it never blocks the event loop.
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
