import type { Clock } from '../../util/clock.js';
import { HearthError } from '../../util/errors.js';
import { secureEqual } from '../../util/secure-compare.js';

export interface ApiKeyConfig {
  value: string;
  /** epoch milliseconds (like Clock); a value below 1e12 is read as epoch seconds, AppSync's `expires` unit */
  expiresAt: number;
}

/** Checks `x-api-key` in constant time and refuses it once expired. */
export function checkApiKey(given: string, key: ApiKeyConfig | undefined, clock: Clock): void {
  if (!key || !secureEqual(given, key.value)) throw new HearthError('NotAuthorized', 'You are not authorized to make this call.');
  const expiresMs = key.expiresAt < 1e12 ? key.expiresAt * 1000 : key.expiresAt;
  if (clock.now() >= expiresMs) throw new HearthError('NotAuthorized', 'API key has expired.');
}
