/**
 * In Debian's Chromium: a page on another origin cannot read the sandbox's mailbox (the verification
 * codes) nor the console API, and a DNS-rebinding page (a foreign name resolving to 127.0.0.1, so
 * "same origin" to the browser) is refused by the Host check; the console's own origin reads both.
 * Needs `chromium` (apt-get install chromium); skipped without it unless HEARTH_REQUIRE_BROWSER=1.
 */

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { copyExample } from '../support/app-copy.js';
import { browserSkip, CHROMIUM } from '../support/browser-page.js';

/** what a page's script gets from `fetch(url)`: the text, or the error the browser raised */
const tryRead = (url: string) =>
  fetch(url).then(
    async (r) => `status ${r.status}: ${await r.text()}`,
    (e: Error) => `blocked: ${e.message}`,
  );

describe.skipIf(Boolean(browserSkip))(`console routes in headless Chromium${browserSkip ? ` (skipped: ${browserSkip})` : ''}`, () => {
  const app = copyExample('user-profile');
  let backend: RunningBackend;
  let browser: Browser;
  let other: Server;
  let otherUrl: string;
  let port: number;

  beforeAll(async () => {
    backend = await startBackend({ projectRoot: app.dir, host: '127.0.0.1', port: 0, mailbox: true, logger: silentLogger });
    port = Number(new URL(backend.urls.base).port);
    const outputs = JSON.parse(readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8'));
    const cognito = new CognitoIdentityProviderClient({
      region: outputs.auth.aws_region,
      endpoint: outputs.custom.hearth.userPoolEndpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    await cognito.send(
      new SignUpCommand({ ClientId: outputs.auth.user_pool_client_id, Username: 'victim@example.com', Password: 'Correct-horse-9' }),
    );
    // a page the developer happens to open: another origin on the same machine
    other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // rebind.test resolves to this machine, as an attacker's DNS would answer after the page loaded
      args: ['--no-sandbox', '--host-resolver-rules=MAP rebind.test 127.0.0.1'],
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => other?.close(r));
    await backend?.close();
    app.remove();
  });

  it('a page on another origin cannot read the mailbox or the console API', async () => {
    const page = await browser.newPage();
    await page.goto(otherUrl);
    const mailbox = await page.evaluate(tryRead, `${backend.urls.base}/_hearth/mailbox?to=victim@example.com`);
    expect(mailbox).toMatch(/^blocked: /);
    const users = await page.evaluate(tryRead, `${backend.urls.base}/_hearth/console/api/users`);
    expect(users).toMatch(/^blocked: /);
    // the AWS endpoints stay open to apps on other origins (that is what they are for)
    const graphql = await page.evaluate(tryRead, `${backend.urls.base}/graphql`);
    expect(graphql).toMatch(/^status \d+/);
    await page.close();
  });

  it('a DNS-rebinding page, same origin to the browser, is refused by the Host check', async () => {
    const page = await browser.newPage();
    await page.goto(`http://rebind.test:${port}/graphql`);
    const mailbox = await page.evaluate(tryRead, '/_hearth/mailbox?to=victim@example.com');
    expect(mailbox).toMatch(/^status 403: .*loopback host name/);
    expect(mailbox).not.toMatch(/\d{6}/);
    await page.close();
  });

  it("the console's own origin reads the mailbox, code included", async () => {
    const page = await browser.newPage();
    await page.goto(`${backend.urls.base}/_hearth/console/`);
    const mailbox = await page.evaluate(tryRead, '/_hearth/mailbox?to=victim@example.com');
    expect(mailbox).toMatch(/^status 200: .*\d{6}/);
    await page.close();
  });
});
