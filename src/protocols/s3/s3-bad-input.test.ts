/** Bad input answers S3's XML error with S3's status, never a 500, and the endpoint keeps serving. */
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET as Bucket, REGION, startTestEndpoint, type TestEndpoint } from '../../../test/support/s3-endpoint.js';
import { s3Error } from '../../../test/support/s3-error.js';
import { createCredentialIssuer } from '../../auth/credentials.js';
import { silentLogger } from '../../util/logger.js';
import { createS3Handler } from './create-s3-handler.js';

describe('S3 bad input', () => {
  let t: TestEndpoint;
  let s3: S3Client;
  beforeAll(async () => {
    t = await startTestEndpoint();
    s3 = t.client(t.guest());
  });
  afterAll(() => t?.close());

  /** a request signed like the SDK signs, with whatever method, query, headers and body */
  async function raw(method: string, pathAndQuery: string, o: { headers?: Record<string, string>; body?: string } = {}) {
    const u = new URL(`${t.endpoint}/${Bucket}/${pathAndQuery}`);
    const signer = new SignatureV4({ service: 's3', region: REGION, sha256: Sha256, uriEscapePath: false, credentials: t.guest() });
    const signed = await signer.sign({
      method,
      protocol: 'http:',
      hostname: u.hostname,
      port: Number(u.port),
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...o.headers },
    });
    const res = await fetch(u, { method, headers: signed.headers, body: o.body });
    const text = await res.text();
    return `${res.status} ${/<Code>(.*?)<\/Code>/.exec(text)?.[1] ?? text}`;
  }

  const stillServes = async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'public/alive.txt', Body: 'yes' }));
    expect(await (await s3.send(new GetObjectCommand({ Bucket, Key: 'public/alive.txt' }))).Body?.transformToString()).toBe('yes');
  };

  it.each([
    ['a key over 1,024 bytes', 'PUT', `public/${'k'.repeat(1100)}`, {}, '400 KeyTooLongError'],
    ['an unknown bucket', 'GET', '../other-bucket/x', {}, '404 NoSuchBucket'],
    ['ListObjects version 1', 'GET', '?prefix=public/', {}, '501 NotImplemented'],
    ['object tagging', 'GET', 'public/x?tagging', {}, '501 NotImplemented'],
    ['an unknown method', 'PATCH', 'public/x', {}, '405 MethodNotAllowed'],
    ['a part number of 0', 'PUT', 'public/x?partNumber=0&uploadId=u', { body: 'x' }, '400 InvalidArgument'],
    ['a bad max-keys', 'GET', '?list-type=2&max-keys=many', {}, '400 InvalidArgument'],
    [
      'a wrong Content-MD5',
      'PUT',
      'public/md5.txt',
      { body: 'abc', headers: { 'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==' } },
      '400 BadDigest',
    ],
    [
      'a wrong x-amz-content-sha256',
      'PUT',
      'public/sha.txt',
      { body: 'abc', headers: { 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } },
      '400 XAmzContentSHA256Mismatch',
    ],
    ['a wrong CRC32', 'PUT', 'public/crc.txt', { body: 'abc', headers: { 'x-amz-checksum-crc32': 'AAAAAA==' } }, '400 BadDigest'],
  ] as const)('%s', async (_what, method, path, o, expected) => {
    expect(await raw(method, path, o as { headers?: Record<string, string>; body?: string })).toBe(expected);
    await stillServes();
  });

  it('answers MissingContentLength for a PUT without a length', async () => {
    // node's fetch always sends a length or chunked encoding; a stream body goes chunked, without Content-Length
    const body = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('abc'));
        c.close();
      },
    });
    const u = new URL(`${t.endpoint}/${Bucket}/public/nolength.txt`);
    const signer = new SignatureV4({ service: 's3', region: REGION, sha256: Sha256, uriEscapePath: false, credentials: t.guest() });
    const signed = await signer.sign({
      method: 'PUT',
      protocol: 'http:',
      hostname: u.hostname,
      port: Number(u.port),
      path: u.pathname,
      headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    const res = await fetch(u, { method: 'PUT', headers: signed.headers, body, duplex: 'half' } as RequestInit);
    expect([res.status, /<Code>(.*?)</.exec(await res.text())?.[1]]).toEqual([411, 'MissingContentLength']);
    await stillServes();
  });

  it.each(['public/../readonly/evil.txt', 'public/./x.txt', 'public/..', 'public/a\u0000b'])(
    'refuses the key %j with InvalidArgument',
    async (Key) => {
      expect(await s3Error(s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x' })))).toBe('400 InvalidArgument');
      expect(await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'readonly/evil.txt' })))).toBe('404 NoSuchKey');
      await stillServes();
    },
  );

  it('keeps dots that are not whole segments: a.b, .hidden, x..y', async () => {
    for (const Key of ['public/a.b', 'public/.hidden', 'public/x..y', 'public/...'])
      expect(await s3Error(s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x' })))).toBe('no error');
  });

  it('answers EntityTooLarge for a body over the limit, before and while reading it', async () => {
    const small = await startTestEndpoint({ limits: { maxObjectBytes: 1024 * 1024 } });
    try {
      const c = small.client(small.guest());
      const big = Buffer.alloc(3 * 1024 * 1024, 1);
      expect(await s3Error(c.send(new PutObjectCommand({ Bucket, Key: 'public/big.bin', Body: big })))).toBe('400 EntityTooLarge');
      // a streamed body goes aws-chunked with its decoded length declared: refused the same way
      const stream = (await import('node:stream')).Readable.from([big.subarray(0, 1024 * 1024), big.subarray(1024 * 1024)]);
      expect(await s3Error(c.send(new PutObjectCommand({ Bucket, Key: 'public/big2.bin', Body: stream, ContentLength: big.length })))).toBe(
        '400 EntityTooLarge',
      );
      await c.send(new PutObjectCommand({ Bucket, Key: 'public/fits.bin', Body: 'ok' }));
      expect(await s3Error(c.send(new GetObjectCommand({ Bucket, Key: 'public/big.bin' })))).toBe('404 NoSuchKey');
    } finally {
      await small.close();
    }
  });

  it('answers every refusal of pipelined keep-alive requests (the later ones wait for their socket)', async () => {
    const { port, hostname } = new URL(t.endpoint);
    const socket = connect(Number(port), hostname);
    const request = (n: number) => `GET /s3/${Bucket}/public/${n}.txt HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`;
    socket.write(request(1) + request(2) + request(3));
    let text = '';
    await new Promise<void>((resolve, reject) => {
      socket.on('data', (d) => {
        text += d.toString('latin1');
        if ((text.match(/<\/Error>/g) ?? []).length === 3) resolve();
      });
      socket.on('error', reject);
      setTimeout(() => reject(new Error(`only got: ${text}`)), 3000);
    });
    socket.destroy();
    expect(text.match(/HTTP\/1\.1 403/g)).toHaveLength(3);
  });

  it('answers NoSuchBucket in XML when the backend defines no storage', async () => {
    const handle = createS3Handler({
      region: REGION,
      clock: { now: () => Date.now() },
      credentials: createCredentialIssuer(Buffer.alloc(32), { now: () => Date.now() }),
      logger: silentLogger,
    });
    const server = createServer(handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/s3/any/key`);
      expect([res.status, /<Code>(.*?)</.exec(await res.text())?.[1]]).toEqual([404, 'NoSuchBucket']);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
