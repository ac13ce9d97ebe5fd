/**
 * AES-256-GCM envelope for state the server hands to the client and gets back (the SRP
 * SECRET_BLOCK): any instance sharing the key can open it, so sign-in needs no session table.
 * Layout: base64(iv[12] ‖ tag[16] ‖ ciphertext).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealedBox {
  seal(value: unknown): string;
  /** undefined when tampered with, truncated or sealed under another key */
  open(text: string): unknown;
}

export function createSealedBox(key: Buffer): SealedBox {
  if (key.length !== 32) throw new Error('sealed box key must be 32 bytes');
  return {
    seal(value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(text) {
      const raw = Buffer.from(text, 'base64');
      if (raw.length < 29) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
        return JSON.parse(plain.toString('utf8'));
      } catch {
        return undefined;
      }
    },
  };
}
