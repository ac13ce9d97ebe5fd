/** AbortMultipartUpload (`DELETE /<bucket>/<key>?uploadId=…`): the parts go; 204. */
import { type S3Operation, sendEmpty } from './respond.js';

export const abortMultipartUploadOp: S3Operation = async (d, r, res, caller) => {
  await d.storage.abortUpload({ caller, bucket: r.bucket, key: r.key, uploadId: r.params.get('uploadId') ?? '' });
  sendEmpty(res, r, 204);
};
