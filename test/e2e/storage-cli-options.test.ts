/**
 * Where object bytes go, as `hearth start`/`sandbox` is told: `--storage-dir` puts them in a
 * directory of the operator's choosing (and nowhere else), and a `--storage-url` that cannot be used
 * stops the start with a message that says why, without the secret in it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, expect, it } from 'vitest';
import { copyExample } from '../support/app-copy.js';
import { freePort, startSandbox } from '../support/sandbox-process.js';

const copy = copyExample('storage');
const blobDir = mkdtempSync(join(tmpdir(), 'hearth-blobs-'));
afterAll(() => {
  copy.remove();
  rmSync(blobDir, { recursive: true, force: true });
});

const files = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)])) : [];
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

it('--storage-dir keeps the bytes of an upload in that directory, not under .amplify/', async () => {
  const sandbox = await startSandbox({ cwd: copy.dir, port: await freePort(), args: ['--storage-dir', blobDir] });
  try {
    const outputs = JSON.parse(readFileSync(join(copy.dir, 'amplify_outputs.json'), 'utf8'));
    const admin = JSON.parse(readFileSync(join(copy.dir, '.amplify/hearth/admin-credentials.json'), 'utf8'));
    const s3 = new S3Client({
      region: outputs.storage.aws_region,
      endpoint: outputs.custom.hearth.storageEndpoint,
      forcePathStyle: true,
      credentials: admin,
    });
    const body = Buffer.from(`bytes that belong in ${blobDir}`);
    await s3.send(new PutObjectCommand({ Bucket: outputs.storage.bucket_name, Key: 'public/where.txt', Body: body }));
    s3.destroy();
    expect(files(blobDir).map((f) => sha(readFileSync(f)))).toContain(sha(body));
    expect(files(join(copy.dir, '.amplify/hearth/storage'))).toEqual([]);
  } finally {
    await sandbox.stop();
  }
});

it('a --storage-url nothing answers stops the start, naming the problem but not the secret', async () => {
  const port = await freePort();
  const unused = await freePort();
  const started = startSandbox({
    cwd: copy.dir,
    port,
    args: ['--storage-url', `http://AKIDEXAMPLE:very-secret-key@127.0.0.1:${unused}/files`],
  });
  const error = await started.then(
    async (s) => {
      await s.stop();
      return 'started';
    },
    (e: Error) => e.message,
  );
  expect(error).toMatch(/exited with 1 before ready/);
  expect(error).toMatch(/HEARTH_STORAGE_URL|storage/i);
  expect(error).not.toContain('very-secret-key');
});
