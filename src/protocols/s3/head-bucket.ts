/** HeadBucket: 200 for a bucket the backend defines (the SDK's existence check), NoSuchBucket otherwise. */
import { type S3Operation, sendEmpty } from './respond.js';

export const headBucketOp: S3Operation = async (d, r, res) => {
  d.storage.bucket(r.bucket);
  sendEmpty(res, r, 200, { 'x-amz-bucket-region': d.region });
};
