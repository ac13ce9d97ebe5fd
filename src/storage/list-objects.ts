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
  let after = i.continuationToken !== undefined ? ctx.tokens.open(i.continuationToken, query) : i.startAfter;
  const objects: ObjectRecord[] = [];
  const commonPrefixes: string[] = [];
  while (objects.length + commonPrefixes.length < maxKeys) {
    const page = await ctx.objects.list(i.bucket, { prefix, after, limit: maxKeys - objects.length - commonPrefixes.length });
    if (page.length === 0) return { objects, commonPrefixes, isTruncated: false, maxKeys };
    for (const row of page) {
      if (objects.length + commonPrefixes.length >= maxKeys) break;
      const cut = delimiter ? row.key.indexOf(delimiter, prefix.length) : -1;
      if (cut === -1) {
        objects.push(row);
        after = row.key;
        continue;
      }
      const cp = row.key.slice(0, cut + delimiter.length);
      commonPrefixes.push(cp);
      after = cp + PAST;
      break; // the next page starts past every key under this prefix
    }
  }
  const more = (await ctx.objects.list(i.bucket, { prefix, after, limit: 1 })).length > 0;
  return {
    objects,
    commonPrefixes,
    isTruncated: more,
    nextContinuationToken: more && after !== undefined ? ctx.tokens.seal({ ...query, after }) : undefined,
    maxKeys,
  };
}
