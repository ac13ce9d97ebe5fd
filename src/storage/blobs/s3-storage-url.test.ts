import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBlobStore } from './index.js';
import { parseStorageUrl } from './s3-storage-url.js';

describe('HEARTH_STORAGE_URL', () => {
  it('reads an S3-compatible server: endpoint, keys, bucket, prefix, region; path-style by default', () => {
    expect(parseStorageUrl('http://minio:s3cr%2Fet%2B@127.0.0.1:9000/hearth/blobs/prod?region=eu-west-1')).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'minio', secretAccessKey: 's3cr/et+' },
      bucket: 'hearth',
      prefix: 'blobs/prod/',
    });
    expect(parseStorageUrl('https://k:s@r2.example.com/files?pathStyle=false')).toMatchObject({
      endpoint: 'https://r2.example.com',
      forcePathStyle: false,
      bucket: 'files',
      prefix: '',
    });
  });

  it('reads Amazon S3 itself, with credentials left to the SDK when absent', () => {
    const t = parseStorageUrl('s3://my-app-files/hearth?region=ap-southeast-2');
    expect(t).toEqual({ region: 'ap-southeast-2', forcePathStyle: false, bucket: 'my-app-files', prefix: 'hearth/' });
  });

  it.each([
    ['not a url', 'it is not a URL'],
    ['ftp://k:s@host/bucket', 'unknown scheme ftp:'],
    ['http://k:s@host:9000', 'no bucket'],
    ['http://k:s@host/b?regoin=x', 'unknown parameter "regoin"'],
    ['http://k:s@host/b?pathStyle=yes', 'pathStyle is true or false'],
    ['http://justakey@host/b', 'ACCESS_KEY:SECRET_KEY or neither'],
  ])('refuses %s with a ConfigError that says why', (url, why) => {
    expect(() => parseStorageUrl(url)).toThrow(expect.objectContaining({ code: 'ConfigError', message: expect.stringContaining(why) }));
  });

  it('never shows the secret in an error', () => {
    expect(() => parseStorageUrl('http://key:topsecret@host/b?nope=1')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('topsecret') }),
    );
  });
});

describe('openBlobStore', () => {
  it('opens a directory without a url, and refuses a bad url before touching anything', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'hearth-blobs-'));
    try {
      const store = await openBlobStore({ directory, url: '' });
      await store.close();
      await expect(openBlobStore({ directory, url: 'minio:9000' })).rejects.toMatchObject({ code: 'ConfigError' });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
