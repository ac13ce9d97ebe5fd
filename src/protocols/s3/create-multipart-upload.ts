/** CreateMultipartUpload (`POST /<bucket>/<key>?uploads`): an InitiateMultipartUploadResult with the UploadId. */
import { objectAttributes } from './object-attributes.js';
import { type S3Operation, sendXml } from './respond.js';
import { el, S3_NS } from './xml.js';

export const createMultipartUploadOp: S3Operation = async (d, r, res, caller) => {
  const u = await d.storage.createUpload({ caller, bucket: r.bucket, key: r.key, ...objectAttributes(r.headers) });
  sendXml(
    res,
    r,
    `<InitiateMultipartUploadResult xmlns="${S3_NS}">${el('Bucket', r.bucket)}${el('Key', r.key)}${el('UploadId', u.uploadId)}</InitiateMultipartUploadResult>`,
  );
};
