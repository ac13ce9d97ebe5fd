/**
 * ListObjectsV2 (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html): keys in
 * byte order under `prefix`; with a `delimiter`, keys that share the part up to the next delimiter are
 * rolled into one CommonPrefix. Keys and prefixes together count towards `maxKeys` (≤ 1,000).
 */
import type { ObjectRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import type { StorageContext } from './storage-context.js';
import type { StorageCaller } from './types.js';

export interface ListObjectsInput {
  caller: StorageCaller;
  bucket: string;
  prefix?: string;
  delimiter?: string;
  maxKeys?: number;
  continuationToken?: string;
  startAfter?: string;
}

export interface ListObjectsResult {
  objects: ObjectRecord[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextContinuationToken?: string;
  maxKeys: number;
}

export const MAX_LIST_KEYS = 1000;
/** sorts after every UTF-8 continuation of a prefix, so a rolled-up prefix is skipped in one step */
const PAST = '\u{10FFFF}';

export async function listObjects(ctx: StorageContext, i: ListObjectsInput): Promise<ListObjectsResult> {
  const bucket = ctx.bucket(i.bucket);
  const prefix = i.prefix ?? '';
  const delimiter = i.delimiter ?? '';
  ctx.authorize(bucket, i.caller, 'list', { prefix });
  const maxKeys = Math.min(i.maxKeys ?? MAX_LIST_KEYS, MAX_LIST_KEYS);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new HearthError('InvalidArgument', 'max-keys must be a non-negative integer');
  if (maxKeys === 0) return { objects: [], commonPrefixes: [], isTruncated: false, maxKeys };
  const query = { bucket: i.bucket, prefix, delimiter };
  const start = i.continuationToken !== undefined ? ctx.tokens.open(i.continuationToken, query) : i.startAfter;
  const page = await collect(ctx, { ...query, after: start, maxKeys });
  return {
    objects: page.objects,
    commonPrefixes: page.commonPrefixes,
    isTruncated: page.isTruncated,
    nextContinuationToken: page.isTruncated ? ctx.tokens.seal({ ...query, after: page.position }) : undefined,
    maxKeys,
  };
}

/**
 * Reads rows in pages of maxKeys + 1, rolling keys under a delimiter into their prefix; a page that
 * ends inside a rolled-up prefix makes the next read jump past it. Truncated when one more distinct
 * entry exists after maxKeys; `position` is where the next page starts.
 */
async function collect(ctx: StorageContext, q: { bucket: string; prefix: string; delimiter: string; after?: string; maxKeys: number }) {
  const objects: ObjectRecord[] = [];
  const commonPrefixes: string[] = [];
  let after = q.after;
  let position = q.after ?? '';
  let lastPrefix: string | undefined;
  const limit = q.maxKeys + 1;
  for (;;) {
    const rows = await ctx.objects.list(q.bucket, { prefix: q.prefix, after, limit });
    for (const row of rows) {
      after = row.key;
      if (lastPrefix !== undefined && row.key.startsWith(lastPrefix)) continue;
      if (objects.length + commonPrefixes.length === q.maxKeys) return { objects, commonPrefixes, isTruncated: true, position };
      const cut = q.delimiter ? row.key.indexOf(q.delimiter, q.prefix.length) : -1;
      if (cut === -1) {
        objects.push(row);
        position = row.key;
      } else {
        lastPrefix = row.key.slice(0, cut + q.delimiter.length);
        commonPrefixes.push(lastPrefix);
        position = lastPrefix + PAST;
      }
    }
    if (rows.length < limit) return { objects, commonPrefixes, isTruncated: false, position };
    if (lastPrefix !== undefined && after?.startsWith(lastPrefix)) after = lastPrefix + PAST;
  }
}
