/**
 * Who may ask: SigV4 refusals in S3's words (bad signature, unknown key, expired presigned URL,
 * clock skew, unsigned), the path rules per caller, the admin key, and the virtual-hosted form the
 * Amplify client signs before hearth/client redirects it.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET as Bucket, REGION, startTestEndpoint, type TestEndpoint } from '../../../test/support/s3-endpoint.js';
import { s3Error } from '../../../test/support/s3-error.js';

const ANN = `${REGION}:ann-0000`;
const BOB = `${REGION}:bob-0000`;

describe('S3 request authentication and path rules', () => {
  let t: TestEndpoint;
  let guest: S3Client;
  let ann: S3Client;
  let bob: S3Client;
  beforeAll(async () => {
    t = await startTestEndpoint();
    guest = t.client(t.guest());
    ann = t.client(t.user(ANN));
    bob = t.client(t.user(BOB));
  });
  afterAll(() => t?.close());

  const xmlCode = async (res: Response) => /<Code>(.*?)<\/Code>/.exec(await res.text())?.[1];

  it('refuses an unsigned request with AccessDenied', async () => {
    const res = await fetch(`${t.endpoint}/${Bucket}/public/x.txt`);
    expect([res.status, await xmlCode(res)]).toEqual([403, 'AccessDenied']);
  });

  it('refuses a wrong secret, an unknown key and an expired session', async () => {
    const good = t.guest();
    expect(await s3Error(t.client({ ...good, secretAccessKey: 'wrong' }).send(new GetObjectCommand({ Bucket, Key: 'public/x' })))).toBe(
      '403 SignatureDoesNotMatch',
    );
    expect(
      await s3Error(t.client({ accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 's' }).send(new GetObjectCommand({ Bucket, Key: 'public/x' }))),
    ).toBe('403 InvalidAccessKeyId');
    t.clock.offset = 2 * 3600 * 1000; // past the credentials' hour, the request itself freshly signed
    try {
      const late = t.client(good, { systemClockOffset: t.clock.offset });
      expect(await s3Error(late.send(new GetObjectCommand({ Bucket, Key: 'public/x' })))).toBe('400 ExpiredToken');
    } finally {
      t.clock.offset = 0;
    }
  });

  it('refuses a request signed 20 minutes off with RequestTimeTooSkewed', async () => {
    const skewed = t.client(t.guest(), { systemClockOffset: -20 * 60 * 1000, maxAttempts: 1 });
    expect(await s3Error(skewed.send(new GetObjectCommand({ Bucket, Key: 'public/x' })))).toBe('403 RequestTimeTooSkewed');
  });

  it('honours a presigned URL until it expires, then answers "Request has expired"', async () => {
    await guest.send(new PutObjectCommand({ Bucket, Key: 'public/pic.png', Body: 'png' }));
    const url = await getSignedUrl(guest, new GetObjectCommand({ Bucket, Key: 'public/pic.png' }), { expiresIn: 60 });
    expect((await fetch(url)).status).toBe(200);
    t.clock.offset = 61 * 1000;
    try {
      const res = await fetch(url);
      const body = await res.text();
      expect([res.status, /<Code>(.*?)</.exec(body)?.[1], /<Message>(.*?)</.exec(body)?.[1]]).toEqual([
        403,
        'AccessDenied',
        'Request has expired',
      ]);
    } finally {
      t.clock.offset = 0;
    }
    const tooLong = await fetch(url.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=604801'));
    expect([tooLong.status, await xmlCode(tooLong)]).toEqual([400, 'AuthorizationQueryParametersError']);
    const tampered = url.replace('public%2Fpic.png', 'public%2Fother.png').replace('/public/pic.png', '/public/other.png');
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('applies the path rules: guests read but never write readonly/, owners alone reach their folder', async () => {
    expect(await s3Error(guest.send(new PutObjectCommand({ Bucket, Key: 'readonly/a.txt', Body: 'x' })))).toBe('403 AccessDenied');
    expect(await s3Error(guest.send(new ListObjectsV2Command({ Bucket, Prefix: 'readonly/' })))).toBe('no error');
    await ann.send(new PutObjectCommand({ Bucket, Key: `private/${ANN}/diary.txt`, Body: 'dear diary' }));
    const read = await ann.send(new GetObjectCommand({ Bucket, Key: `private/${ANN}/diary.txt` }));
    expect(await read.Body?.transformToString()).toBe('dear diary');
    expect(await s3Error(bob.send(new GetObjectCommand({ Bucket, Key: `private/${ANN}/diary.txt` })))).toBe('403 AccessDenied');
    expect(await s3Error(bob.send(new PutObjectCommand({ Bucket, Key: `private/${ANN}/x.txt`, Body: 'x' })))).toBe('403 AccessDenied');
    expect(await s3Error(bob.send(new ListObjectsV2Command({ Bucket, Prefix: `private/${ANN}/` })))).toBe('403 AccessDenied');
    expect(await s3Error(guest.send(new GetObjectCommand({ Bucket, Key: `private/${ANN}/diary.txt` })))).toBe('403 AccessDenied');
  });

  it('lets the admin key do anything', async () => {
    const admin = t.client(t.adminKey);
    expect((await admin.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual([Bucket]);
    await admin.send(new PutObjectCommand({ Bucket, Key: 'anywhere/at/all.txt', Body: 'admin' }));
    const got = await admin.send(new GetObjectCommand({ Bucket, Key: 'anywhere/at/all.txt' }));
    expect(await got.Body?.transformToString()).toBe('admin');
  });

  it('accepts a request signed for the virtual-hosted S3 host, as the redirected Amplify client sends it', async () => {
    await guest.send(new PutObjectCommand({ Bucket, Key: 'public/vh file.txt', Body: 'virtual' }));
    const creds = t.guest();
    const signer = new SignatureV4({ service: 's3', region: REGION, sha256: Sha256, uriEscapePath: false, credentials: creds });
    const signed = await signer.sign({
      method: 'GET',
      protocol: 'https:',
      hostname: `${Bucket}.s3.${REGION}.amazonaws.com`,
      path: '/public/vh%20file.txt',
      query: { 'x-id': 'GetObject' },
      headers: { host: `${Bucket}.s3.${REGION}.amazonaws.com`, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    const { host: _host, ...headers } = signed.headers;
    const res = await fetch(`${t.endpoint}/${Bucket}/public/vh%20file.txt?x-id=GetObject`, { headers });
    expect([res.status, await res.text()]).toEqual([200, 'virtual']);
  });
});
