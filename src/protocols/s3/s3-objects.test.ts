/**
 * Object operations through @aws-sdk/client-s3 (default settings: CRC32 checksums, aws-chunked
 * bodies for streams) against the endpoint on a real listener.
 */
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET as Bucket, startTestEndpoint, type TestEndpoint } from '../../../test/support/s3-endpoint.js';
import { s3Error } from '../../../test/support/s3-error.js';

describe('S3 object operations', () => {
  let t: TestEndpoint;
  let s3: S3Client;
  beforeAll(async () => {
    t = await startTestEndpoint();
    s3 = t.client(t.guest());
  });
  afterAll(() => t?.close());

  it('puts, heads, gets, ranges and deletes an object with its metadata', async () => {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'public/hello world.txt',
        Body: 'hello, world',
        ContentType: 'text/plain',
        Metadata: { owner: 'ann' },
      }),
    );
    expect(put.ETag).toBe('"e4d7f1b4ed2e42d15898f4b27b019da4"');
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'public/hello world.txt' }));
    expect([head.ContentLength, head.ContentType, head.ETag, head.Metadata]).toEqual([12, 'text/plain', put.ETag, { owner: 'ann' }]);
    expect(head.LastModified).toBeInstanceOf(Date);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'public/hello world.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello, world');
    const part = await s3.send(new GetObjectCommand({ Bucket, Key: 'public/hello world.txt', Range: 'bytes=7-' }));
    expect([await part.Body?.transformToString(), part.ContentRange, part.ContentLength]).toEqual(['world', 'bytes 7-11/12', 5]);
    const tail = await s3.send(new GetObjectCommand({ Bucket, Key: 'public/hello world.txt', Range: 'bytes=-3' }));
    expect(await tail.Body?.transformToString()).toBe('rld');
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'public/hello world.txt' }));
    expect(await s3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'public/hello world.txt' })))).toBe('404 NotFound');
    expect(await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'public/hello world.txt' })))).toBe('404 NoSuchKey');
    // deleting again is not an error, as on S3
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'public/hello world.txt' }));
  });

  it('takes a streamed body sent aws-chunked with a CRC32 trailer', async () => {
    const bytes = Buffer.alloc(300_000, 7);
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'public/stream.bin',
        Body: Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]),
        ContentLength: bytes.length,
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'public/stream.bin' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true);
  });

  it('answers InvalidRange for a range past the end', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'public/short.txt', Body: 'abc' }));
    expect(await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'public/short.txt', Range: 'bytes=10-20' })))).toBe(
      '416 InvalidRange',
    );
  });

  it('copies an object, keeping its content type and metadata', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket, Key: 'public/a.json', Body: '{}', ContentType: 'application/json', Metadata: { k: 'v' } }),
    );
    await s3.send(new CopyObjectCommand({ Bucket, Key: 'public/b.json', CopySource: `${Bucket}/public/a.json` }));
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'public/b.json' }));
    expect([head.ContentType, head.Metadata]).toEqual(['application/json', { k: 'v' }]);
    // the copy is its own object: deleting the source leaves it readable
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'public/a.json' }));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'public/b.json' }));
    expect(await got.Body?.transformToString()).toBe('{}');
  });

  it('lists with prefix, delimiter, pages and start-after', async () => {
    for (const k of ['l/a.txt', 'l/b/1.txt', 'l/b/2.txt', 'l/c.txt', 'l/d/1.txt', 'l/e.txt'])
      await s3.send(new PutObjectCommand({ Bucket, Key: `public/${k}`, Body: k }));
    const top = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'public/l/', Delimiter: '/' }));
    expect(top.Contents?.map((c) => c.Key)).toEqual(['public/l/a.txt', 'public/l/c.txt', 'public/l/e.txt']);
    expect(top.CommonPrefixes?.map((c) => c.Prefix)).toEqual(['public/l/b/', 'public/l/d/']);
    expect(top.KeyCount).toBe(5);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'public/l/', MaxKeys: 2, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((c) => c.Key ?? ''));
      token = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(token !== undefined);
    } while (token);
    expect(keys).toHaveLength(6);
    const after = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'public/l/', StartAfter: 'public/l/c.txt' }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(['public/l/d/1.txt', 'public/l/e.txt']);
    const forged = await s3Error(s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'public/l/', ContinuationToken: 'eyJhIjoxfQ.bad' })));
    expect(forged).toBe('400 InvalidArgument');
  });

  it('lists keys with XML and URL special characters as they were written', async () => {
    const Key = 'public/x/a&b <c> "d" é+%.txt';
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x' }));
    const l = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'public/x/' }));
    expect(l.Contents?.map((c) => c.Key)).toEqual([Key]);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
    expect(await got.Body?.transformToString()).toBe('x');
  });

  it('deletes several keys at once, each by its own rule', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'public/m/1', Body: '1' }));
    const r = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'public/m/1' }, { Key: 'readonly/x' }] } }));
    expect(r.Deleted?.map((d) => d.Key)).toEqual(['public/m/1']);
    expect(r.Errors?.map((e) => [e.Key, e.Code])).toEqual([['readonly/x', 'AccessDenied']]);
  });

  it('serves presigned GET and PUT URLs, also to HEAD, with response-* overrides', async () => {
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket, Key: 'public/p.txt' }), { expiresIn: 60 });
    expect((await fetch(putUrl, { method: 'PUT', body: 'presigned' })).status).toBe(200);
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: 'public/p.txt', ResponseContentDisposition: 'attachment' }), {
      expiresIn: 60,
    });
    const res = await fetch(getUrl);
    expect([res.status, await res.text(), res.headers.get('content-disposition')]).toEqual([200, 'presigned', 'attachment']);
    const head = await fetch(getUrl, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length')]).toEqual([200, '9']);
  });

  it('refuses to overwrite with If-None-Match: * (preventOverwrite), as S3 does', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'public/once.txt', Body: '1', IfNoneMatch: '*' }));
    expect(await s3Error(s3.send(new PutObjectCommand({ Bucket, Key: 'public/once.txt', Body: '2', IfNoneMatch: '*' })))).toBe(
      '412 PreconditionFailed',
    );
    expect(await (await s3.send(new GetObjectCommand({ Bucket, Key: 'public/once.txt' }))).Body?.transformToString()).toBe('1');
  });

  // the SDK reports a bare 304 as an error named Unknown, as it does against S3
  it('answers 304 to If-None-Match with the current ETag', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'public/cached.txt', Body: 'c' }));
    expect(await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'public/cached.txt', IfNoneMatch: put.ETag })))).toBe('304 Unknown');
  });

  it('answers a browser preflight and exposes ETag', async () => {
    const pre = await fetch(`${t.endpoint}/${Bucket}/public/x`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'x-amz-date,x-amz-meta-owner,content-type',
      },
    });
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-headers')).toBe('x-amz-date,x-amz-meta-owner,content-type');
    expect(pre.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(pre.headers.get('access-control-expose-headers')).toContain('ETag');
  });
});
