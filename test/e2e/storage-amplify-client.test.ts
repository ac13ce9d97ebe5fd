/**
 * File storage end to end with the unmodified `aws-amplify/storage` v6 client in Node, against
 * examples/storage served by Hearth in process, on SQLite and PostgreSQL: every operation the
 * client has (uploadData single and multipart with progress, pause/resume and a resumed upload,
 * downloadData whole and by range, getUrl, getProperties, list, remove, copy). The client is
 * configured by `configureAmplify(outputs)` only; its S3 requests reach Hearth through the
 * redirect in hearth/client. Access rules are in storage-access-rules.test.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { copy, downloadData, getProperties, getUrl, list, remove, uploadData } from 'aws-amplify/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFileReader } from '../support/node-file-reader.js';
import { E2E_ENGINES } from '../support/pg-schema.js';
import { errorName } from '../support/s3-error.js';
import { type StorageApp, startStorageApp } from '../support/storage-app.js';

const MiB = 1024 * 1024;
installFileReader(); // what a Node app needs for amplify-js multipart uploads (see node-file-reader.ts)
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A body that is not all zeroes, so a wrong byte range or a dropped part changes the hash. */
function body(size: number): Uint8Array {
  const b = new Uint8Array(size);
  const chunk = randomBytes(64 * 1024);
  for (let i = 0; i < size; i += chunk.length) b.set(chunk.subarray(0, Math.min(chunk.length, size - i)), i);
  b.set(randomBytes(16), size - 16);
  return b;
}

async function downloaded(path: string): Promise<Uint8Array> {
  const { body: b } = await downloadData({ path }).result;
  return new Uint8Array(await (await b.blob()).arrayBuffer());
}

for (const engine of E2E_ENGINES) {
  const title = `aws-amplify/storage against examples/storage on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`;
  describe.skipIf(Boolean(engine.skip))(title, () => {
    let s: StorageApp;
    let identityId: string;
    const run = Date.now().toString(36);

    beforeAll(async () => {
      s = await startStorageApp(engine.name);
      identityId = await s.signUpAndSignIn(`files-${run}@example.com`);
    });
    afterAll(async () => {
      await s?.stop();
    });

    it('writes the storage outputs Amplify writes, with the Hearth endpoint beside them', () => {
      expect(s.outputs.storage.bucket_name).toBe(s.bucket('hearthFiles'));
      expect(s.outputs.storage.buckets.map((b) => b.name).sort()).toEqual(['hearthArchive', 'hearthFiles']);
      expect(s.outputs.custom.hearth.storageEndpoint).toBe(`http://127.0.0.1:${s.port}/s3`);
    });

    it('uploads with a single PUT and downloads it whole and by byte range', async () => {
      const r = await uploadData({ path: 'public/hello.txt', data: 'hello, world', options: { contentType: 'text/plain' } }).result;
      expect(r.path).toBe('public/hello.txt');
      expect(r.eTag).toMatch(/^"[0-9a-f]{32}"$/);
      const whole = await downloadData({ path: 'public/hello.txt' }).result;
      expect(await whole.body.text()).toBe('hello, world');
      expect(whole.contentType).toBe('text/plain');
      const part = await downloadData({ path: 'public/hello.txt', options: { bytesRange: { start: 7, end: 11 } } }).result;
      expect(await part.body.text()).toBe('world');
      expect(await errorName(downloadData({ path: 'public/missing.txt' }).result)).toBe('NoSuchKey');
    });

    it('reports content type, metadata, size and ETag with getProperties', async () => {
      const up = await uploadData({
        path: 'public/props.json',
        data: '{"a":1}',
        options: { contentType: 'application/json', metadata: { author: 'ada', 'project-id': '42' } },
      }).result;
      const p = await getProperties({ path: 'public/props.json' });
      expect(p).toMatchObject({ contentType: 'application/json', size: 7, eTag: up.eTag, metadata: { author: 'ada', 'project-id': '42' } });
      expect(p.lastModified).toBeInstanceOf(Date);
      expect(await errorName(getProperties({ path: 'public/none.json' }))).toBe('NotFound');
    });

    it('presigns GET URLs that work until they expire, and checks existence when asked', async () => {
      const { url, expiresAt } = await getUrl({ path: 'public/hello.txt', options: { expiresIn: 2 } });
      expect(url.href).toContain('X-Amz-Expires=2');
      expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(2_000);
      // the URL names S3's host; hearth/client's fetch sends it to Hearth, as a browser's <img> is sent there
      const ok = await fetch(url);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('hello, world');
      await sleep(3_000);
      const late = await fetch(url);
      expect(late.status).toBe(403);
      expect(await late.text()).toContain('<Code>AccessDenied</Code>');
      expect(await errorName(getUrl({ path: 'public/nope.txt', options: { validateObjectExistence: true } }))).toBe('NotFound');
    });

    it('lists with listAll, pageSize and nextToken, and excludes subpaths when asked', async () => {
      const keys = ['a', 'b', 'c', 'd', 'e'].map((k) => `public/list/${k}.txt`);
      for (const path of [...keys, 'public/list/sub/x.txt', 'public/list/sub/y.txt']) await uploadData({ path, data: path }).result;
      const all = await list({ path: 'public/list/', options: { listAll: true } });
      expect(all.items.map((i) => i.path)).toEqual([...keys, 'public/list/sub/x.txt', 'public/list/sub/y.txt']);
      expect(all.items[0]).toMatchObject({ size: 'public/list/a.txt'.length, eTag: expect.stringMatching(/^"/) });
      const pages: string[][] = [];
      let nextToken: string | undefined;
      do {
        const page = await list({ path: 'public/list/', options: { pageSize: 3, nextToken } });
        pages.push(page.items.map((i) => i.path));
        nextToken = page.nextToken;
      } while (nextToken);
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual(all.items.map((i) => i.path));
      const shallow = await list({ path: 'public/list/', options: { listAll: true, subpathStrategy: { strategy: 'exclude' } } });
      expect(shallow.items.map((i) => i.path)).toEqual(keys);
      expect(shallow.excludedSubpaths).toEqual(['public/list/sub/']);
    });

    it('copies an object with its content type, and removes one', async () => {
      const own = `profile-pictures/${identityId}`;
      await copy({ source: { path: 'public/hello.txt' }, destination: { path: `${own}/copy.txt` } });
      expect(await (await downloadData({ path: `${own}/copy.txt` }).result).body.text()).toBe('hello, world');
      expect((await getProperties({ path: `${own}/copy.txt` })).contentType).toBe('text/plain');
      await remove({ path: `${own}/copy.txt` });
      expect(await errorName(getProperties({ path: `${own}/copy.txt` }))).toBe('NotFound');
    });

    it('uploads 50 MB as a multipart upload and reads back the same bytes', async () => {
      const data = body(50 * MiB);
      // no onProgress here: in Node amplify-js sends through fetch, which reports no upload progress
      // (it fires only for parts a resumed task skips, below); storage-browser.test.ts sees it via XHR
      const task = uploadData({ path: 'public/big.bin', data, options: { contentType: 'application/octet-stream' } });
      const r = await task.result;
      expect(task.state).toBe('SUCCESS');
      // a multipart ETag: MD5 of the part MD5s, dash, part count
      expect(r.eTag).toMatch(/^"[0-9a-f]{32}-\d+"$/);
      expect((await getProperties({ path: 'public/big.bin' })).size).toBe(data.length);
      expect(sha256(await downloaded('public/big.bin'))).toBe(sha256(data));
    });

    it('pauses and resumes a multipart upload; the resumed task reports progress from the parts already sent', async () => {
      const data = body(30 * MiB);
      const progress: number[] = [];
      const partsDone = watchUploadParts();
      const task = uploadData({
        path: 'public/paused.bin',
        data,
        options: { onProgress: ({ transferredBytes }) => void progress.push(transferredBytes) },
      });
      await partsDone.atLeast(1);
      task.pause();
      expect(task.state).toBe('PAUSED');
      task.resume();
      await task.result;
      partsDone.stop();
      expect(task.state).toBe('SUCCESS');
      expect(sha256(await downloaded('public/paused.bin'))).toBe(sha256(data));
      // in Node (fetch has no upload progress) onProgress fires only for the parts resume skips
      expect(progress.length).toBeGreaterThan(0);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(Math.max(...progress)).toBeGreaterThanOrEqual(5 * MiB);
    });

    it("resumes an upload a previous task left behind (ListParts), from the client's resumable-uploads cache", async () => {
      const data = body(30 * MiB);
      const partsDone = watchUploadParts();
      const first = uploadData({ path: 'public/resumed.bin', data });
      await partsDone.atLeast(2);
      // as if the page had been closed: the upload id stays in the client's resumable-uploads cache
      // (localStorage in a browser, memory in Node), and a new task for the same data finds it
      first.pause();
      const progress: number[] = [];
      const second = uploadData({
        path: 'public/resumed.bin',
        data,
        options: { onProgress: ({ transferredBytes }) => void progress.push(transferredBytes) },
      });
      await second.result;
      partsDone.stop();
      expect(sha256(await downloaded('public/resumed.bin'))).toBe(sha256(data));
      // the second task found the first one's upload id and skipped the parts ListParts reported
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
    });
  });
}

/**
 * Counts UploadPart responses the client receives, by observing (not changing) the global fetch
 * that hearth/client already wraps: the test needs to pause after a part has landed.
 */
function watchUploadParts() {
  const g = globalThis as { fetch: typeof fetch };
  const before = g.fetch;
  let done = 0;
  g.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const res = await before(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (/[?&]partNumber=/.test(url) && res.ok) done++;
    return res;
  }) as typeof fetch;
  return {
    count: () => done,
    async atLeast(n: number) {
      const until = Date.now() + 30_000;
      while (done < n) {
        if (Date.now() > until) throw new Error(`no ${n} parts uploaded in 30 s`);
        await sleep(5);
      }
    },
    stop: () => {
      g.fetch = before;
    },
  };
}
