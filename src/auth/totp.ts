/**
 * RFC 6238 TOTP as authenticator apps and Cognito use it: HMAC-SHA1, 6 digits, 30-second steps,
 * secrets in RFC 4648 base32 without padding. One step of clock drift either way is accepted.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { secureEqual } from '../util/secure-compare.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOTP_STEP_MS = 30_000;

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.toUpperCase().replace(/=+$/, '')) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) throw new Error('not base32');
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** 160 random bits, the length RFC 4226 recommends, as Cognito hands out (32 base32 chars). */
export const newTotpSecret = () => base32Encode(randomBytes(20));

/** The code of time step `counter` (RFC 4226 HOTP with dynamic truncation). */
export function hotp(secret: string, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const n = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(n % 1_000_000).padStart(6, '0');
}

export const totpStep = (nowMs: number) => Math.floor(nowMs / TOTP_STEP_MS);

export function totpCode(secret: string, nowMs: number): string {
  return hotp(secret, totpStep(nowMs));
}

/** The time step the code belongs to (now ±1), or undefined; every candidate is compared in constant time. */
export function matchTotp(secret: string, code: string, nowMs: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const step = totpStep(nowMs);
  let matched: number | undefined;
  for (const s of [step - 1, step, step + 1]) if (secureEqual(hotp(secret, s), code)) matched = s;
  return matched;
}
