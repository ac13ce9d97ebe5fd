/**
 * ListObjectsV2 (`GET /<bucket>?list-type=2`): the ListBucketResult document Amplify's `list` and
 * the AWS SDK parse (KeyCount must equal Contents + CommonPrefixes; a truncated answer carries
 * NextContinuationToken). With `encoding-type=url`, keys and prefixes are URL-encoded.
 */
import type { ObjectRecord } from '../../db/ports.js';
import { HearthError } from '../../util/errors.js';
import { isoTime, type S3Operation, sendXml } from './respond.js';
import { el, S3_NS } from './xml.js';

export const listObjectsV2Op: S3Operation = async (d, r, res, caller) => {
  const p = r.params;
  const encodingType = p.get('encoding-type');
  if (encodingType !== undefined && encodingType !== 'url')
    throw new HearthError('InvalidArgument', 'Invalid Encoding Method specified in Request');
  const enc = (s: string | undefined) => (s !== undefined && encodingType === 'url' ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const maxKeysParam = p.get('max-keys');
  const maxKeys = maxKeysParam === undefined ? undefined : Number(maxKeysParam);
  if (maxKeys !== undefined && (!Number.isInteger(maxKeys) || maxKeys < 0 || maxKeysParam === ''))
    throw new HearthError('InvalidArgument', 'Provided max-keys not an integer or within integer range');
  const l = await d.storage.listObjects({
    caller,
    bucket: r.bucket,
    prefix: p.get('prefix'),
    delimiter: p.get('delimiter') || undefined,
    maxKeys,
    continuationToken: p.get('continuation-token'),
    startAfter: p.get('start-after') || undefined,
  });
  const owner = p.get('fetch-owner') === 'true';
  const contents = l.objects.map((o) => contentXml(o, enc, owner)).join('');
  const prefixes = l.commonPrefixes.map((cp) => `<CommonPrefixes>${el('Prefix', enc(cp))}</CommonPrefixes>`).join('');
  sendXml(
    res,
    r,
    `<ListBucketResult xmlns="${S3_NS}">${el('Name', r.bucket)}${el('Prefix', enc(p.get('prefix') ?? ''))}${el('Delimiter', enc(p.get('delimiter') || undefined))}` +
      `${el('StartAfter', enc(p.get('start-after') || undefined))}${el('ContinuationToken', p.get('continuation-token'))}` +
      `${el('MaxKeys', l.maxKeys)}${el('KeyCount', l.objects.length + l.commonPrefixes.length)}${el('IsTruncated', l.isTruncated)}` +
      `${el('NextContinuationToken', l.nextContinuationToken)}${el('EncodingType', encodingType)}${contents}${prefixes}</ListBucketResult>`,
  );
};

function contentXml(o: ObjectRecord, enc: (s: string) => string | undefined, owner: boolean): string {
  const ownerXml = owner ? `<Owner>${el('ID', o.writer)}${el('DisplayName', o.writer)}</Owner>` : '';
  // the time, the ETag (hex and quotes) and the size never need escaping: built directly, as this runs per key
  return `<Contents>${el('Key', enc(o.key))}<LastModified>${isoTime(o.lastModified)}</LastModified><ETag>${o.etag}</ETag><Size>${o.size}</Size>${ownerXml}<StorageClass>STANDARD</StorageClass></Contents>`;
}
