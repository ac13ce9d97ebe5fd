/**
 * CopyObject: `x-amz-copy-source` names `<bucket>/<key>` (URI-encoded, an optional leading `/` and
 * `?versionId=`); the answer is a CopyObjectResult document.
 */
import { HearthError } from '../../util/errors.js';
import { objectAttributes } from './object-attributes.js';
import { isoTime, type S3Operation, sendXml } from './respond.js';
import { el } from './xml.js';

export const copyObjectOp: S3Operation = async (d, r, res, caller) => {
  const source = copySource(r.headers['x-amz-copy-source'] ?? '');
  const directive = (r.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') throw new HearthError('InvalidArgument', 'Unknown metadata directive.');
  const o = await d.storage.copyObject({
    caller,
    bucket: r.bucket,
    key: r.key,
    requestId: r.requestId,
    source,
    metadataDirective: directive,
    replacement: objectAttributes(r.headers),
    ifMatch: r.headers['x-amz-copy-source-if-match'],
  });
  sendXml(res, r, `<CopyObjectResult>${el('LastModified', isoTime(o.lastModified))}${el('ETag', o.etag)}</CopyObjectResult>`);
};

export function copySource(header: string): { bucket: string; key: string } {
  const path = header.split('?')[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.replace(/^\//, ''));
  } catch {
    throw new HearthError('InvalidArgument', 'Invalid copy source encoding');
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1)
    throw new HearthError('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey');
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}
