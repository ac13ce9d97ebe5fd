/**
 * `@aws-sdk/client-s3` against Hearth's S3 endpoint (`{ endpoint: <base>/s3, forcePathStyle: true }`),
 * as scripts and functions use it: a signed-in user's identity-pool credentials (the same rules as
 * the Amplify client), the sandbox's admin key, presigned URLs from @aws-sdk/s3-request-presigner,
 * multipart commands one by one, and S3's own errors for what goes wrong.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ENGINES } from '../support/pg-schema.js';
import { s3Error } from '../support/s3-error.js';
import { type StorageApp, startStorageApp } from '../support/storage-app.js';

const MiB = 1024 * 1024;

for (const engine of E2E_ENGINES) {
  const title = `@aws-sdk/client-s3 against Hearth on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`;
  describe.skipIf(Boolean(engine.skip))(title, () => {
    let s: StorageApp;
    let user: S3Client;
    let guest: S3Client;
    let admin: S3Client;
    let Bucket: string;
    let identityId: string;

    beforeAll(async () => {
      s = await startStorageApp(engine.name);
      Bucket = s.bucket('hearthFiles');
      await s.beGuest();
      guest = s.s3(await s.credentials());
      identityId = await s.signUpAndSignIn(`sdk-${Date.now().toString(36)}@example.com`);
      user = s.s3(await s.credentials());
      admin = s.s3(s.adminKey);
    });
    afterAll(async () => {
      await s?.stop();
    });

    it('puts, heads, gets (whole and ranged), copies, lists and deletes with identity credentials', async () => {
      const own = `profile-pictures/${identityId}`;
      const put = await user.send(
        new PutObjectCommand({ Bucket, Key: `${own}/a.txt`, Body: 'abcdefghij', ContentType: 'text/plain', Metadata: { note: 'x' } }),
      );
      expect(put.ETag).toBe('"a925576942e94b2ef57a066101b48876"'); // MD5 of the body, as S3 computes it
      const head = await user.send(new HeadObjectCommand({ Bucket, Key: `${own}/a.txt` }));
      expect(head).toMatchObject({ ContentLength: 10, ContentType: 'text/plain', ETag: put.ETag, Metadata: { note: 'x' } });
      const got = await user.send(new GetObjectCommand({ Bucket, Key: `${own}/a.txt` }));
      expect(await got.Body?.transformToString()).toBe('abcdefghij');
      const ranged = await user.send(new GetObjectCommand({ Bucket, Key: `${own}/a.txt`, Range: 'bytes=2-4' }));
      expect(ranged.ContentRange).toBe('bytes 2-4/10');
      expect(await ranged.Body?.transformToString()).toBe('cde');
      await user.send(new CopyObjectCommand({ Bucket, Key: `${own}/b.txt`, CopySource: `${Bucket}/${own}/a.txt` }));
      const listed = await user.send(new ListObjectsV2Command({ Bucket, Prefix: `${own}/` }));
      expect(listed.Contents?.map((o) => o.Key)).toEqual([`${own}/a.txt`, `${own}/b.txt`]);
      await user.send(new DeleteObjectCommand({ Bucket, Key: `${own}/b.txt` }));
      expect(await s3Error(user.send(new HeadObjectCommand({ Bucket, Key: `${own}/b.txt` })))).toBe('404 NotFound');
      expect(await s3Error(user.send(new GetObjectCommand({ Bucket, Key: `${own}/b.txt` })))).toBe('404 NoSuchKey');
      expect(await s3Error(user.send(new GetObjectCommand({ Bucket, Key: `${own}/a.txt`, Range: 'bytes=50-60' })))).toBe(
        '416 InvalidRange',
      );
    });

    it('applies the same path rules as the Amplify client: guest, other paths, and the admin key', async () => {
      expect(await s3Error(guest.send(new PutObjectCommand({ Bucket, Key: 'public/g.txt', Body: 'g' })))).toBe('403 AccessDenied');
      expect(await s3Error(user.send(new PutObjectCommand({ Bucket, Key: 'admin/u.txt', Body: 'u' })))).toBe('403 AccessDenied');
      expect(await s3Error(user.send(new PutObjectCommand({ Bucket, Key: 'profile-pictures/someone-else/u.txt', Body: 'u' })))).toBe(
        '403 AccessDenied',
      );
      expect(await s3Error(guest.send(new ListObjectsV2Command({ Bucket, Prefix: 'admin/' })))).toBe('403 AccessDenied');
      await admin.send(new PutObjectCommand({ Bucket, Key: 'admin/by-admin-key.txt', Body: 'ok' }));
      const got = await user.send(new GetObjectCommand({ Bucket, Key: 'admin/by-admin-key.txt' }));
      expect(await got.Body?.transformToString()).toBe('ok');
      expect(await s3Error(user.send(new GetObjectCommand({ Bucket: 'no-such-bucket-here', Key: 'x' })))).toBe('404 NoSuchBucket');
    });

    it('runs a multipart upload command by command, lists its parts, and aborts another', async () => {
      const Key = `profile-pictures/${identityId}/multi.bin`;
      const { UploadId } = await user.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'application/x-test' }));
      expect(UploadId).toBeTruthy();
      const one = Buffer.alloc(5 * MiB, 1);
      const two = Buffer.from('tail');
      const p1 = await user.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: one }));
      const p2 = await user.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: two }));
      const parts = await user.send(new ListPartsCommand({ Bucket, Key, UploadId }));
      expect(parts.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
        [1, one.length, p1.ETag],
        [2, two.length, p2.ETag],
      ]);
      const done = await user.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key,
          UploadId,
          MultipartUpload: { Parts: [1, 2].map((n, i) => ({ PartNumber: n, ETag: [p1.ETag, p2.ETag][i] })) },
        }),
      );
      expect(done.ETag).toMatch(/-2"$/);
      const head = await user.send(new HeadObjectCommand({ Bucket, Key }));
      expect(head).toMatchObject({ ContentLength: one.length + two.length, ContentType: 'application/x-test' });
      const other = await user.send(new CreateMultipartUploadCommand({ Bucket, Key: `${Key}.2` }));
      await user.send(new AbortMultipartUploadCommand({ Bucket, Key: `${Key}.2`, UploadId: other.UploadId }));
      expect(await s3Error(user.send(new ListPartsCommand({ Bucket, Key: `${Key}.2`, UploadId: other.UploadId })))).toBe(
        '404 NoSuchUpload',
      );
    });

    it('serves presigned GETs until they expire, and refuses a tampered signature', async () => {
      await user.send(new PutObjectCommand({ Bucket, Key: 'public/presigned.txt', Body: 'signed', ContentType: 'text/plain' }));
      const url = await getSignedUrl(user, new GetObjectCommand({ Bucket, Key: 'public/presigned.txt' }), { expiresIn: 2 });
      expect(url.startsWith(`${s.outputs.custom.hearth.storageEndpoint}/${Bucket}/public/presigned.txt?`)).toBe(true);
      const ok = await fetch(url);
      expect([ok.status, await ok.text()]).toEqual([200, 'signed']);
      const tampered = url.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
      const bad = await fetch(tampered);
      expect(bad.status).toBe(403);
      expect(await bad.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
      await new Promise((r) => setTimeout(r, 3_000));
      const late = await fetch(url);
      expect(late.status).toBe(403);
      expect(await late.text()).toContain('<Code>AccessDenied</Code>');
    });

    it('refuses ../ path traversal in a key with InvalidArgument, and stores nothing', async () => {
      expect(await s3Error(user.send(new PutObjectCommand({ Bucket, Key: 'public/../admin/x.txt', Body: 'x' })))).toBe(
        '400 InvalidArgument',
      );
      expect(await s3Error(user.send(new GetObjectCommand({ Bucket, Key: 'public/../admin/x.txt' })))).toBe('400 InvalidArgument');
      expect(await s3Error(user.send(new GetObjectCommand({ Bucket, Key: 'admin/x.txt' })))).toBe('404 NoSuchKey');
    });

    it('refuses a wrong secret and an overlong key with S3 errors, never a 500', async () => {
      const wrong = s.s3({ ...(await s.credentials()), secretAccessKey: 'not-the-secret' });
      expect(await s3Error(wrong.send(new GetObjectCommand({ Bucket, Key: 'public/presigned.txt' })))).toBe('403 SignatureDoesNotMatch');
      const long = await s3Error(user.send(new PutObjectCommand({ Bucket, Key: `public/${'k'.repeat(1100)}`, Body: 'x' })));
      expect(long).toBe('400 KeyTooLongError');
    });
  });
}
