import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../../test/support/function-fakes.js';
import { selfSignedCert, startSmtpServer, type TestSmtpServer } from '../../test/support/smtp-fakes.js';
import { createMailTables, createSqlMailStore } from '../db/sql/mail-store.js';
import { connectSqlite } from '../db/sqlite/connect.js';
import { sqliteDialect } from '../db/sqlite/dialect.js';
import { systemClock } from '../util/clock.js';
import { randomIds } from '../util/ids.js';
import { createSmtpMailer } from './smtp-mailer.js';

let tls: { key: string; cert: string };
const cleanup: (() => Promise<void>)[] = [];
beforeAll(async () => {
  tls = await selfSignedCert();
});
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function mailerFor(server: TestSmtpServer, url: string, o: { trust?: boolean; backoffMs?: number } = {}) {
  const db = connectSqlite(':memory:');
  await createMailTables(db, sqliteDialect);
  const store = createSqlMailStore(db);
  const logger = captureLogger();
  const mailer = createSmtpMailer({
    store,
    clock: systemClock,
    ids: randomIds,
    logger,
    url,
    ...(o.trust === false ? {} : { ca: tls.cert }),
    backoff: () => o.backoffMs ?? 50,
    pollMs: 20,
  });
  cleanup.push(async () => {
    await mailer.close();
    await db.destroy();
  });
  return { mailer, store, logger, server };
}

const MAIL = {
  to: 'Jane@Example.com',
  subject: 'Your verification code',
  text: 'Your verification code is 123456.',
  html: '<p>123456</p>',
};

async function eventually<T>(f: () => Promise<T> | T, ok: (v: T) => boolean, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('SMTP delivery from the outbox', () => {
  it('smtps:// with user:pass, trusting a self-signed certificate; the From address is the pool sender', async () => {
    const server = await startSmtpServer({ secure: true, tls, user: 'mailer', pass: 'p@ss word' });
    cleanup.push(() => server.close());
    const { mailer, store } = await mailerFor(server, `smtps://mailer:${encodeURIComponent('p@ss word')}@localhost:${server.port}`);
    await mailer.send({ ...MAIL, from: '"My App" <hello@myapp.example>' });
    await eventually(
      () => server.received.length,
      (n) => n === 1,
    );
    const got = server.received[0]!;
    expect(got).toMatchObject({ from: 'hello@myapp.example', to: ['jane@example.com'], user: 'mailer' });
    expect(got.raw).toContain('Subject: Your verification code');
    expect(got.raw).toContain('Your verification code is 123456.');
    expect(got.raw).toMatch(/From: "?My App"? <hello@myapp.example>/);
    const [row] = await store.byRecipient('jane@example.com');
    expect(await store.byId(row!.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('smtp:// ?starttls upgrades to TLS before authenticating', async () => {
    const server = await startSmtpServer({ secure: false, tls, user: 'u', pass: 'pw' });
    cleanup.push(() => server.close());
    const { mailer } = await mailerFor(server, `smtp://u:pw@127.0.0.1:${server.port}?starttls`);
    await mailer.send(MAIL);
    await eventually(
      () => server.received.length,
      (n) => n === 1,
    );
    expect(server.received[0]?.user).toBe('u');
    expect(server.received[0]?.from).toBe('no-reply@verificationemail.com');
  });

  it('an untrusted certificate fails delivery, visibly, without leaking the password', async () => {
    const server = await startSmtpServer({ secure: true, tls, user: 'u', pass: 'hunter2' });
    cleanup.push(() => server.close());
    const { mailer, store, logger } = await mailerFor(server, `smtps://u:hunter2@localhost:${server.port}`, {
      trust: false,
      backoffMs: 60_000,
    });
    await mailer.send(MAIL);
    const id = (await store.byRecipient('jane@example.com'))[0]!.id;
    const row = await eventually(
      () => store.byId(id),
      (r) => (r?.attempts ?? 0) >= 1,
    );
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row?.lastError).toMatch(/certificate/i);
    expect(logger.lines.join('\n')).toMatch(/mail .* to j\*\*\*@e\*\*\* failed \(attempt 1\/8\), retrying in 60 s/);
    expect(logger.lines.join('\n')).not.toContain('hunter2');
    expect(server.received).toHaveLength(0);
  });

  it('a refused message is retried with backoff and delivered once the server accepts; send() never waits for the server', async () => {
    const server = await startSmtpServer({ secure: false, user: 'u', pass: 'pw' });
    cleanup.push(() => server.close());
    server.failing = true;
    const { mailer, store, logger } = await mailerFor(server, `smtp://u:pw@127.0.0.1:${server.port}`, { backoffMs: 100 });
    const started = Date.now();
    await mailer.send(MAIL);
    expect(Date.now() - started).toBeLessThan(200);
    const id = (await store.byRecipient('jane@example.com'))[0]!.id;
    const failed = await eventually(
      () => store.byId(id),
      (r) => (r?.attempts ?? 0) >= 2,
    );
    expect(failed).toMatchObject({ status: 'queued' });
    expect(failed?.lastError).toMatch(/451|temporarily/i);
    server.failing = false;
    const sent = await eventually(
      () => store.byId(id),
      (r) => r?.status === 'sent',
    );
    expect(sent?.status).toBe('sent');
    expect(server.received).toHaveLength(1);
    expect(logger.lines.some((l) => l.includes('failed (attempt 1/8)'))).toBe(true);
  });
});
