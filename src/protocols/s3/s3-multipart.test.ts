/** Multipart uploads through @aws-sdk/client-s3: create, parts, list, complete, abort, and S3's refusals. */
import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET as Bucket, startTestEndpoint, type TestEndpoint } from '../../../test/support/s3-endpoint.js';
import { s3Error } from '../../../test/support/s3-error.js';

const KiB = 1024;

describe('S3 multipart uploads', () => {
  let t: TestEndpoint;
  let s3: S3Client;
  beforeAll(async () => {
    // parts of 64 KiB keep the test fast; the rule is the same as S3's 5 MiB
    t = await startTestEndpoint({ limits: { minPartBytes: 64 * KiB } });
    s3 = t.client(t.guest());
  });
  afterAll(() => t?.close());

  const create = async (Key: string) =>
    (await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'video/mp4', Metadata: { take: '2' } }))).UploadId ?? '';

  it('joins parts into one object with S3’s multipart ETag', async () => {
    const Key = 'public/movie.mp4';
    const UploadId = await create(Key);
    const bodies = [Buffer.alloc(64 * KiB, 1), Buffer.alloc(64 * KiB, 2), Buffer.from('end')];
    const etags: string[] = [];
    for (const [i, Body] of bodies.entries())
      etags.push((await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body }))).ETag ?? '');
    const listed = await s3.send(new ListPartsCommand({ Bucket, Key, UploadId }));
    expect(listed.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size])).toEqual(bodies.map((b, i) => [i + 1, etags[i], b.length]));
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    const md5s = Buffer.concat(bodies.map((b) => createHash('md5').update(b).digest()));
    expect(done.ETag).toBe(`"${createHash('md5').update(md5s).digest('hex')}-3"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key }));
    expect([head.ContentLength, head.ContentType, head.Metadata, head.ETag]).toEqual([
      128 * KiB + 3,
      'video/mp4',
      { take: '2' },
      done.ETag,
    ]);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat(bodies))).toBe(true);
    // the upload is gone once completed
    expect(await s3Error(s3.send(new ListPartsCommand({ Bucket, Key, UploadId })))).toBe('404 NoSuchUpload');
  });

  it('refuses parts out of order, unknown ETags and small parts, and keeps the upload', async () => {
    const Key = 'public/bad.bin';
    const UploadId = await create(Key);
    const p1 = (await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: Buffer.alloc(10) }))).ETag;
    const p2 = (await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: Buffer.alloc(10) }))).ETag;
    const complete = (Parts: { ETag?: string; PartNumber: number }[]) =>
      s3Error(s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } })));
    expect(
      await complete([
        { ETag: p2, PartNumber: 2 },
        { ETag: p1, PartNumber: 1 },
      ]),
    ).toBe('400 InvalidPartOrder');
    expect(await complete([{ ETag: '"00000000000000000000000000000000"', PartNumber: 1 }])).toBe('400 InvalidPart');
    expect(
      await complete([
        { ETag: p1, PartNumber: 1 },
        { ETag: p2, PartNumber: 2 },
      ]),
    ).toBe('400 EntityTooSmall');
    expect(await s3Error(s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 10001, Body: 'x' })))).toBe(
      '400 InvalidArgument',
    );
    expect((await s3.send(new ListPartsCommand({ Bucket, Key, UploadId }))).Parts).toHaveLength(2);
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }));
    expect(await s3Error(s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'x' })))).toBe('404 NoSuchUpload');
  });

  it('answers MalformedXML for a part list that is not XML, and still serves', async () => {
    const Key = 'public/xml.bin';
    const UploadId = await create(Key);
    const url = `${t.endpoint}/${Bucket}/${Key}?uploadId=${encodeURIComponent(UploadId)}`;
    const signed = await signedFetch(t, s3, url, { method: 'POST', body: '<CompleteMultipartUpload><Part><PartNumber>one' });
    expect(signed.status).toBe(400);
    expect(await signed.text()).toContain('<Code>MalformedXML</Code>');
    expect((await s3.send(new ListPartsCommand({ Bucket, Key, UploadId }))).UploadId).toBe(UploadId);
  });

  it('refuses a stranger’s upload id under another key', async () => {
    const UploadId = await create('public/one.bin');
    expect(await s3Error(s3.send(new UploadPartCommand({ Bucket, Key: 'public/two.bin', UploadId, PartNumber: 1, Body: 'x' })))).toBe(
      '404 NoSuchUpload',
    );
  });
});

/** a raw request signed by the SDK's own signer, for bodies the SDK would not send */
async function signedFetch(t: TestEndpoint, s3: S3Client, url: string, init: { method: string; body: string }): Promise<Response> {
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const { Sha256 } = await import('@aws-crypto/sha256-js');
  const u = new URL(url);
  const signer = new SignatureV4({
    service: 's3',
    region: 'us-east-1',
    sha256: Sha256,
    uriEscapePath: false,
    credentials: await s3.config.credentials(),
  });
  const signed = await signer.sign({
    method: init.method,
    protocol: 'http:',
    hostname: u.hostname,
    port: Number(u.port),
    path: u.pathname,
    query: Object.fromEntries(u.searchParams),
    headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    body: init.body,
  });
  void t;
  return fetch(url, { method: init.method, headers: signed.headers, body: init.body });
}
