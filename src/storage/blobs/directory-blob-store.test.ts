/** What the directory blob store leaves on disk: blobs spread over 256 folders, no temp files after a crash. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
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
