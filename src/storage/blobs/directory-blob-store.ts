/**
 * Blobs as files in one directory (the sandbox's `.amplify/hearth/storage/`, or a server's disk):
 *
 *   <directory>/<first 2 hex of id>/<blob id>   one file per blob, 256 folders made at open
 *   <directory>/.tmp/<pid>-<run>-<random>       a write in progress (<run>: random per process)
 *
 * A write streams into a temp file, fsyncs it, renames it into place and fsyncs the folder, so a
 * blob is either whole and durable or absent. A crash mid-write leaves only a temp file, which the
 * next open removes when the process that wrote it is gone: its pid is dead, or it is this
 * process's pid with another run (a container restarts its server with the same pid, often 1).
 * Temp files of live processes elsewhere (another container on a shared volume) go through
 * `dropUnfinished` once they are old.
 */
import { closeSync, fsync, open as openCb, openSync, renameSync, writev, writevSync } from 'node:fs';
import { type FileHandle, mkdir, open, opendir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobEntry, BlobStore, BlobWriteResult } from '../types.js';
import { consumeBody, isBlobId, missingBlob, newBlobId } from './body-digest.js';

export interface DirectoryBlobStoreOptions {
  /** where the blobs live; created when missing */
  directory: string;
}

/** reads hand out 256 KiB chunks: a 1 MB GET is four writes to the socket, not sixteen */
const READ_CHUNK = 256 * 1024;
const TEMP = '.tmp';
const WRITE_BATCH = 512 * 1024;
/** a batch this small (a whole 4 KB body, a tail) is written in place: quicker than a thread-pool trip */
const SYNC_WRITE_MAX = 64 * 1024;
/** tells this process's temp files from those of an earlier process that had the same pid */
const RUN = newBlobId().slice(0, 8);

export async function createDirectoryBlobStore(o: DirectoryBlobStoreOptions): Promise<BlobStore> {
  const root = o.directory;
  await prepareDirectory(root);
  const pathOf = (blobId: string) => join(root, blobId.slice(0, 2), blobId);
  const tempPath = () => join(root, TEMP, `${process.pid}-${RUN}-${newBlobId()}`);
  const writing = new Set<string>();

  /** fills a temp file through `fill`, then makes it the blob `blobId`; on any failure nothing stays */
  async function commit<T>(fill: (fd: number) => Promise<T>): Promise<{ blobId: string; result: T }> {
    const tmp = tempPath();
    writing.add(tmp);
    try {
      return await fillAndRename(tmp, fill);
    } finally {
      writing.delete(tmp);
    }
  }

  /**
   * Three trips to the thread pool: creating the file (on a busy ext4 its inode search is the
   * costliest call, and in place it would stall every other request) and the two fsyncs, which wait
   * for the disk. Writing a small body, close and rename are page-cache work done in place, cheaper
   * than a trip each: a 4 KB PUT went from 8 trips to 3.
   */
  async function fillAndRename<T>(tmp: string, fill: (fd: number) => Promise<T>): Promise<{ blobId: string; result: T }> {
    let fd: number | undefined = await openFd(tmp);
    try {
      const result = await fill(fd);
      await fsyncFd(fd);
      closeSync(fd);
      fd = undefined;
      const blobId = newBlobId();
      renameSync(tmp, pathOf(blobId));
      await syncDirectory(join(root, blobId.slice(0, 2)));
      return { blobId, result };
    } catch (e) {
      if (fd !== undefined) closeQuietly(fd);
      await unlink(tmp).catch(() => {});
      throw e;
    }
  }

  return {
    async write(body, { maxBytes }): Promise<BlobWriteResult> {
      const { blobId, result } = await commit(async (fd) => {
        const out = new BatchedWriter(fd);
        try {
          return await consumeBody(body, maxBytes, (chunk) => out.add(chunk));
        } finally {
          await out.flush();
        }
      });
      return { blobId, ...result };
    },
    async read(blobId, range) {
      const fh = await openBlob(blobId, pathOf);
      return fh.createReadStream({ highWaterMark: READ_CHUNK, ...(range ? { start: range.start, end: range.end } : {}) });
    },
    async concat(blobIds) {
      const { blobId, result } = await commit(async (fd) => {
        let size = 0;
        for (const id of blobIds) size += await appendBlob(fd, await openBlob(id, pathOf));
        return size;
      });
      return { blobId, size: result };
    },
    async delete(blobId) {
      if (!isBlobId(blobId)) return;
      await unlink(pathOf(blobId)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    },
    list: () => listBlobs(root),
    dropUnfinished: (before) => dropOldTemps(join(root, TEMP), before, writing),
    async close() {},
  };
}

/** every blob file of the 256 folders (temp files are in `.tmp`, never listed) */
async function* listBlobs(root: string): AsyncGenerator<BlobEntry> {
  for (let i = 0; i < 256; i++) {
    const folder = join(root, i.toString(16).padStart(2, '0'));
    for await (const entry of await opendir(folder)) {
      if (!isBlobId(entry.name)) continue;
      const st = await stat(join(folder, entry.name)).catch(() => undefined); // deleted meanwhile
      if (st) yield { blobId: entry.name, modified: st.mtimeMs };
    }
  }
}

async function openBlob(blobId: string, pathOf: (id: string) => string): Promise<FileHandle> {
  if (!isBlobId(blobId)) throw missingBlob(blobId);
  try {
    return await open(pathOf(blobId), 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw missingBlob(blobId, e);
    throw e;
  }
}

async function appendBlob(to: number, from: FileHandle): Promise<number> {
  let size = 0;
  // the stream closes `from` when it ends or fails
  for await (const chunk of from.createReadStream({ highWaterMark: 1024 * 1024 }) as Readable) {
    size += (chunk as Buffer).length;
    await writevAll(to, [chunk as Buffer]);
  }
  return size;
}

/** writes all of `chunks`: in place when they are small, else on the thread pool */
async function writevAll(fd: number, chunks: Buffer[], bytes = Number.POSITIVE_INFINITY): Promise<void> {
  const rest = chunks;
  while (rest.length > 0) {
    let bytesWritten = bytes <= SYNC_WRITE_MAX ? writevSync(fd, rest) : await writevAsync(fd, rest);
    // a short write: drop what went, keep the tail of a chunk it cut
    while (rest.length > 0 && bytesWritten >= (rest[0] as Buffer).length) bytesWritten -= (rest.shift() as Buffer).length;
    if (bytesWritten > 0) rest[0] = (rest[0] as Buffer).subarray(bytesWritten);
  }
}

const writevAsync = (fd: number, chunks: Buffer[]) =>
  new Promise<number>((resolve, reject) => writev(fd, chunks, (e, n) => (e ? reject(e) : resolve(n))));

const openFd = (path: string) => new Promise<number>((resolve, reject) => openCb(path, 'wx', (e, fd) => (e ? reject(e) : resolve(fd))));

const fsyncFd = (fd: number) => new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {}
}

/**
 * Gathers a request's small chunks into one writev per ~512 KiB, and lets the next chunks be hashed
 * while that write is on the thread pool: a 1 MB body is two system calls, not sixteen.
 */
class BatchedWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly fd: number) {}

  async add(chunk: Buffer): Promise<void> {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= WRITE_BATCH) await this.startWrite();
  }

  /** waits for every write; throws the first write error */
  async flush(): Promise<void> {
    if (this.pendingBytes > 0) await this.startWrite();
    await this.inFlight;
  }

  private async startWrite(): Promise<void> {
    await this.inFlight;
    const batch = this.pending;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.inFlight = writevAll(this.fd, batch, bytes);
    this.inFlight.catch(() => {}); // surfaces at the next await
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const fd = openSync(dir, 'r');
  try {
    await fsyncFd(fd);
  } finally {
    closeSync(fd);
  }
}

/** makes the 256 blob folders and the temp folder, and removes temp files of processes that are gone */
async function prepareDirectory(root: string): Promise<void> {
  await mkdir(join(root, TEMP), { recursive: true });
  const have = new Set(await readdir(root));
  const missing = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')).filter((p) => !have.has(p));
  await Promise.all(missing.map((p) => mkdir(join(root, p), { recursive: true })));
  if (missing.length > 0) await syncDirectory(root);
  for (const name of await readdir(join(root, TEMP))) if (abandoned(name)) await unlink(join(root, TEMP, name)).catch(() => {});
}

/** a temp file whose writer is surely gone: not a live process, or an earlier run of this pid */
function abandoned(name: string): boolean {
  const [pidText, run, rest] = name.split('-');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return true;
  return pid === process.pid && rest !== undefined && run !== RUN;
}

/** temp files not written to since `before`, except this process's writes in progress */
async function dropOldTemps(dir: string, before: number, writing: Set<string>): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if (writing.has(path)) continue;
    const st = await stat(path).catch(() => undefined);
    if (!st || st.mtimeMs >= before) continue;
    await unlink(path).catch(() => {});
    removed++;
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
