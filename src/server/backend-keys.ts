import { randomBytes } from 'node:crypto';
import { CREDENTIAL_KEY_NAME } from '../auth/index.js';
import type { KeyStore } from '../db/ports.js';
import type { Clock } from '../util/clock.js';

export interface BackendKeys {
  /** the API key clients send in x-api-key, and when it stops being accepted (epoch ms) */
  apiKey?: { value: string; expiresAt: number };
  credentialKey: Buffer;
  cursorKey: Buffer;
}

const random32 = () => randomBytes(32).toString('base64');

/**
 * Keys live in the database, so every instance on one database agrees on them and a restart keeps
 * them. The API key's age counts from its creation, as AppSync's does.
 */
export async function loadBackendKeys(keys: KeyStore, clock: Clock, apiKeyDays?: number): Promise<BackendKeys> {
  // the same key the auth service signs credentials with, for backends without auth
  const credentialKey = Buffer.from(await keys.getOrCreate(CREDENTIAL_KEY_NAME, random32), 'base64');
  const cursorKey = Buffer.from(await keys.getOrCreate('cursor-key', random32), 'base64');
  if (apiKeyDays === undefined) return { credentialKey, cursorKey };
  const stored = JSON.parse(
    await keys.getOrCreate('api-key', () => JSON.stringify({ value: `da2-${randomApiKeyBody()}`, createdAt: clock.now() })),
  ) as { value: string; createdAt: number };
  return { credentialKey, cursorKey, apiKey: { value: stored.value, expiresAt: stored.createdAt + apiKeyDays * 86_400_000 } };
}

/** 26 lower-case alphanumerics, the shape of an AppSync API key after `da2-`. */
function randomApiKeyBody(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(26), (b) => alphabet[b % alphabet.length]).join('');
}
