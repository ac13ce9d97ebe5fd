import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** Ids and random codes, injected so tests can make them deterministic. */
export interface Ids {
  uuid(): string;
  /** n decimal digits, e.g. a 6-digit confirmation code */
  digits(n: number): string;
  /** url-safe random token of `bytes` random bytes */
  token(bytes: number): string;
}

export const randomIds: Ids = {
  uuid: () => randomUUID(),
  digits: (n) => Array.from({ length: n }, () => randomInt(0, 10)).join(''),
  token: (bytes) => randomBytes(bytes).toString('base64url'),
};
