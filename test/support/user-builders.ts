/** A stored user for store and auth unit tests: Jane, UNCONFIRMED, with placeholder secrets. */
import type { UserRecord } from '../../src/db/ports.js';

export function userRecord(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    sub: '11111111-1111-4111-8111-111111111111',
    username: 'jane@example.com',
    status: 'UNCONFIRMED',
    enabled: true,
    attributes: { email: 'jane@example.com', email_verified: 'false' },
    srpSalt: 'aa',
    srpVerifier: 'bb',
    passwordHash: 'scrypt$x$y',
    tokensValidAfter: 0,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}
