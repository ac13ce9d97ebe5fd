import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestAuth } from '../../test/support/auth-fakes.js';
import type { UserRecord } from '../db/ports.js';
import { createSealedBox } from './sealed-box.js';
import { createSealedUserStore } from './sealed-user-store.js';

const SUB = '11111111-1111-4111-8111-111111111111';
const user: UserRecord = {
  sub: SUB,
  username: 'jane@example.com',
  status: 'CONFIRMED',
  enabled: true,
  attributes: { sub: SUB, email: 'jane@example.com' },
  srpSalt: 'aa',
  srpVerifier: 'abcdef0123',
  passwordHash: 'scrypt$x$y',
  tokensValidAfter: 0,
  createdAt: 1,
  updatedAt: 1,
};

describe('sealed user store', () => {
  it('seals verifiers on write, opens them on read, and never seals twice', async () => {
    const { users: raw } = await createTestAuth();
    const sealed = createSealedUserStore(raw, createSealedBox(randomBytes(32)));
    await sealed.create(user);
    const stored = (await raw.bySub(SUB))?.srpVerifier ?? '';
    expect(stored).toMatch(/^sealed:/);
    expect(stored).not.toContain('abcdef0123');
    expect((await sealed.byUsername('JANE@example.com'))?.srpVerifier).toBe('abcdef0123');
    // a whole record read past the wrapper, written back
    await sealed.update(SUB, { ...(await raw.bySub(SUB)), enabled: false });
    expect((await sealed.bySub(SUB))?.srpVerifier).toBe('abcdef0123');
  });

  it('reads a verifier sealed under another key as one that matches no password', async () => {
    const { users: raw } = await createTestAuth();
    await createSealedUserStore(raw, createSealedBox(randomBytes(32))).create(user);
    expect((await createSealedUserStore(raw, createSealedBox(randomBytes(32))).bySub(SUB))?.srpVerifier).toBe('0');
  });
});
