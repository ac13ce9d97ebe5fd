/** What the directory blob store leaves on disk: blobs spread over 256 folders, no temp files after a crash. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDirectoryBlobStore } from './directory-blob-store.js';

describe('directory blob store on disk', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'hearth-blobs-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('keeps a blob as one file in the folder named by its first two characters', async () => {
    const store = await createDirectoryBlobStore({ directory: join(directory, 'nested', 'storage') });
    const { blobId } = await store.write(Readable.from([Buffer.from('hello')]), { maxBytes: 10 });
    expect(existsSync(join(directory, 'nested', 'storage', blobId.slice(0, 2), blobId))).toBe(true);
  });

  it('removes temp files left by a process that died mid-write, and only those', async () => {
    await mkdir(join(directory, '.tmp'), { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number; // a pid that has exited
    await writeFile(join(directory, '.tmp', `${dead}-0123456789abcdef0123456789abcdef`), 'half an upload');
    await writeFile(join(directory, '.tmp', 'garbage'), 'not ours');
    // another store in this (live) process may be writing right now
    await writeFile(join(directory, '.tmp', `${process.pid}-fedcba9876543210fedcba9876543210`), 'in progress');
    await createDirectoryBlobStore({ directory });
    expect(await readdir(join(directory, '.tmp'))).toEqual([`${process.pid}-fedcba9876543210fedcba9876543210`]);
  });

  it('removes temp files of an earlier process that had this pid (a container restarts its server with the same pid)', async () => {
    await mkdir(join(directory, '.tmp'), { recursive: true });
    const earlier = `${process.pid}-0badc0de-0123456789abcdef0123456789abcdef`;
    await writeFile(join(directory, '.tmp', earlier), 'half an upload of the crashed run');
    const store = await createDirectoryBlobStore({ directory });
    expect(await readdir(join(directory, '.tmp'))).toEqual([]);
    // this run's own temp files carry its run token: a second store in this process keeps them
    const body = new PassThrough();
    const writing = store.write(body, { maxBytes: 100 });
    body.write('in progress');
    await new Promise((r) => setTimeout(r, 20));
    await createDirectoryBlobStore({ directory });
    expect(await readdir(join(directory, '.tmp'))).toHaveLength(1);
    body.end();
    await writing;
  });

  it('lists its blobs with the time they were written, never a write in progress', async () => {
    const store = await createDirectoryBlobStore({ directory });
    const a = await store.write(Readable.from([Buffer.from('a')]), { maxBytes: 10 });
    const b = await store.write(Readable.from([Buffer.from('b')]), { maxBytes: 10 });
    const body = new PassThrough();
    const writing = store.write(body, { maxBytes: 100 });
    body.write('in progress');
    const listed = [];
    for await (const e of store.list?.() ?? []) listed.push(e);
    expect(listed.map((e) => e.blobId).sort()).toEqual([a.blobId, b.blobId].sort());
    for (const e of listed) expect(Math.abs(e.modified - Date.now())).toBeLessThan(60_000);
    body.end();
    await writing;
  });

  it('reopening keeps the blobs written before', async () => {
    const first = await createDirectoryBlobStore({ directory });
    const { blobId } = await first.write(Readable.from([Buffer.from('kept')]), { maxBytes: 10 });
    await first.close();
    const second = await createDirectoryBlobStore({ directory });
    const chunks: Buffer[] = [];
    for await (const c of await second.read(blobId)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('kept');
  });

  it('a blob id that is not one of its own reads as missing, never as a path', async () => {
    const store = await createDirectoryBlobStore({ directory });
    await expect(store.read('../../etc/passwd')).rejects.toMatchObject({ code: 'NoSuchKey' });
    await store.delete('../outside');
  });
});
