/** ListParts (`GET /<bucket>/<key>?uploadId=…`): the ListPartsResult Amplify reads to resume an upload. */
import { HearthError } from '../../util/errors.js';
import { isoTime, type S3Operation, sendXml } from './respond.js';
import { el, S3_NS } from './xml.js';

export const listPartsOp: S3Operation = async (d, r, res, caller) => {
  const marker = optionalInt(r.params.get('part-number-marker'), 'part-number-marker');
  const maxParts = optionalInt(r.params.get('max-parts'), 'max-parts');
  const l = await d.storage.listParts({
    caller,
    bucket: r.bucket,
    key: r.key,
    uploadId: r.params.get('uploadId') ?? '',
    partNumberMarker: marker,
    maxParts,
  });
  const parts = l.parts
    .map(
      (p) =>
        `<Part>${el('PartNumber', p.partNumber)}${el('LastModified', isoTime(p.lastModified))}${el('ETag', p.etag)}${el('Size', p.size)}</Part>`,
    )
    .join('');
  const who = `${el('ID', l.upload.writer)}${el('DisplayName', l.upload.writer)}`;
  sendXml(
    res,
    r,
    `<ListPartsResult xmlns="${S3_NS}">${el('Bucket', r.bucket)}${el('Key', r.key)}${el('UploadId', l.upload.uploadId)}` +
      `<Initiator>${who}</Initiator><Owner>${who}</Owner>${el('StorageClass', 'STANDARD')}` +
      `${el('PartNumberMarker', marker ?? 0)}${el('NextPartNumberMarker', l.nextPartNumberMarker ?? 0)}${el('MaxParts', l.maxParts)}${el('IsTruncated', l.isTruncated)}${parts}</ListPartsResult>`,
  );
};

function optionalInt(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new HearthError('InvalidArgument', `Provided ${name} not an integer or within integer range`);
  return Number(v);
}
