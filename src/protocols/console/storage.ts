/**
 * `api/buckets…`: browse, preview, upload and delete objects through the storage service as its
 * admin caller (the same operations the S3 endpoint runs, triggers included). Previews never run in
 * the console's origin: only raster images are shown inline; everything else (HTML, SVG…) comes as
 * an attachment under a sandboxing CSP.
 */
import { Readable } from 'node:stream';
import type { StorageService } from '../../storage/index.js';
import { HearthError } from '../../util/errors.js';
import { type HttpResponse, json } from '../../util/http.js';
import type { ConsoleRoute, RouteInput } from './console-router.js';
import { limitOf } from './paging.js';

const ADMIN = { kind: 'admin' } as const;
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);
/** what a preview may be: the 1 MiB request limit bounds uploads, this bounds what is read into memory */
const PREVIEW_LIMIT = 20 * 1024 * 1024;

export function storageRoutes(storage: StorageService | undefined): ConsoleRoute[] {
  const s = (): StorageService => {
    if (!storage) throw new HearthError('NotFound', 'This backend defines no storage (defineStorage in amplify/storage/resource.ts).');
    return storage;
  };
  /** a bucket by its defineStorage name or its S3 bucket name */
  const bucketOf = (i: RouteInput) => {
    const b = s().buckets.find((x) => x.name === i.params.bucket || x.bucketName === i.params.bucket);
    if (!b) throw new HearthError('NoSuchBucket', `No bucket ${i.params.bucket}.`);
    return b.bucketName;
  };
  return [
    {
      method: 'GET',
      path: 'buckets',
      handle: async () =>
        json(200, { buckets: (storage?.buckets ?? []).map((b) => ({ name: b.name, bucketName: b.bucketName, isDefault: b.isDefault })) }),
    },
    { method: 'GET', path: 'buckets/:bucket/objects', handle: (i) => list(s(), bucketOf(i), i) },
    { method: 'GET', path: 'buckets/:bucket/object', handle: (i) => preview(s(), bucketOf(i), keyOf(i)) },
    { method: 'PUT', path: 'buckets/:bucket/object', handle: (i) => upload(s(), bucketOf(i), i) },
    {
      method: 'DELETE',
      path: 'buckets/:bucket/object',
      handle: async (i) => {
        await s().deleteObject({ caller: ADMIN, bucket: bucketOf(i), key: keyOf(i) });
        return json(200, { deleted: keyOf(i) });
      },
    },
  ];
}

async function list(s: StorageService, bucket: string, i: RouteInput) {
  const r = await s.listObjects({
    caller: ADMIN,
    bucket,
    prefix: i.query.get('prefix') ?? '',
    delimiter: i.query.get('delimiter') ?? undefined,
    maxKeys: limitOf(i.query, 100, 1000),
    continuationToken: i.query.get('next') || undefined,
  });
  const objects = r.objects.map((o) => ({
    key: o.key,
    size: o.size,
    contentType: o.contentType,
    etag: o.etag,
    lastModified: new Date(o.lastModified).toISOString(),
    writer: o.writer,
  }));
  return json(200, { objects, prefixes: r.commonPrefixes, next: r.isTruncated ? (r.nextContinuationToken ?? null) : null });
}

async function preview(s: StorageService, bucket: string, key: string): Promise<HttpResponse> {
  const head = await s.headObject({ caller: ADMIN, bucket, key });
  if (head.size > PREVIEW_LIMIT) throw new HearthError('EntityTooLarge', 'The object is too large to preview in the console.');
  const { object, body } = await s.getObject({ caller: ADMIN, bucket, key });
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c as Uint8Array));
  const inline = INLINE.has(object.contentType);
  const name = key.split('/').at(-1) ?? 'object';
  return {
    status: 200,
    headers: {
      'content-type': inline ? object.contentType : 'application/octet-stream',
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(name)}`,
      'content-security-policy': "sandbox; default-src 'none'",
      'cache-control': 'no-store',
    },
    body: '',
    bytes: Buffer.concat(chunks),
  };
}

/** JSON `{contentType?, base64}`: the request body is text, so bytes travel base64-encoded. */
async function upload(s: StorageService, bucket: string, i: RouteInput) {
  const data = i.body.base64;
  if (typeof data !== 'string') throw Object.assign(new HearthError('ValidationError', 'Send the bytes as {base64}.'), { field: 'base64' });
  const bytes = Buffer.from(data, 'base64');
  const contentType = typeof i.body.contentType === 'string' && i.body.contentType ? i.body.contentType : 'application/octet-stream';
  const o = await s.putObject({ caller: ADMIN, bucket, key: keyOf(i), body: Readable.from([bytes]), size: bytes.length, contentType });
  return json(201, { key: o.key, size: o.size, contentType: o.contentType, etag: o.etag });
}

function keyOf(i: RouteInput): string {
  const key = i.query.get('key');
  if (!key) throw Object.assign(new HearthError('ValidationError', 'Give the object key: ?key=<key>.'), { field: 'key' });
  return key;
}
