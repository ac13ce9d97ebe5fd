/** DeleteObject: 204 whether or not the key existed, as S3 answers for an unversioned bucket. */
import { type S3Operation, sendEmpty } from './respond.js';

export const deleteObjectOp: S3Operation = async (d, r, res, caller) => {
  await d.storage.deleteObject({ caller, bucket: r.bucket, key: r.key, requestId: r.requestId });
  sendEmpty(res, r, 204);
};
