/**
 * CompleteMultipartUpload (`POST /<bucket>/<key>?uploadId=…`): reads the part list, joins the parts,
 * answers CompleteMultipartUploadResult (Location, Bucket, Key, ETag).
 */
import type { CompletedPart } from '../../storage/index.js';
import { smallBody } from './request-body.js';
import { type S3Operation, sendXml } from './respond.js';
import { blocks, el, malformedXml, S3_NS, text } from './xml.js';

export const completeMultipartUploadOp: S3Operation = async (d, r, res, caller) => {
  const parts = readParts(await smallBody(r));
  const o = await d.storage.completeUpload({
    caller,
    bucket: r.bucket,
    key: r.key,
    uploadId: r.params.get('uploadId') ?? '',
    parts,
    requestId: r.requestId,
    ifNoneMatch: r.headers['if-none-match'],
  });
  const proto = r.headers['x-forwarded-proto'] ?? 'http';
  const location = `${proto}://${r.headers.host ?? 'localhost'}${r.path}`;
  sendXml(
    res,
    r,
    `<CompleteMultipartUploadResult xmlns="${S3_NS}">${el('Location', location)}${el('Bucket', r.bucket)}${el('Key', r.key)}${el('ETag', o.etag)}</CompleteMultipartUploadResult>`,
  );
};

export function readParts(xml: string): CompletedPart[] {
  const parts = blocks(xml, 'CompleteMultipartUpload', 'Part').map((b) => {
    const n = text(b, 'PartNumber')?.trim();
    const etag = text(b, 'ETag');
    if (!n || !/^\d+$/.test(n) || etag === undefined) throw malformedXml();
    return { partNumber: Number(n), etag };
  });
  if (parts.length === 0) throw malformedXml();
  return parts;
}
