/** ListBuckets (`GET /s3`): the backend's defineStorage buckets, for any signed caller (scripts, `aws s3 ls`). */
import { type S3Operation, sendXml } from './respond.js';
import { el, S3_NS } from './xml.js';

/** buckets exist from the backend's first start; S3 wants a date, and no bucket is older than this one */
const CREATED = '2024-01-01T00:00:00.000Z';

export const listBucketsOp: S3Operation = async (d, r, res) => {
  const buckets = d.storage.buckets
    .map((b) => `<Bucket>${el('Name', b.bucketName)}${el('CreationDate', CREATED)}${el('BucketRegion', d.region)}</Bucket>`)
    .join('');
  sendXml(
    res,
    r,
    `<ListAllMyBucketsResult xmlns="${S3_NS}"><Owner>${el('ID', 'hearth')}${el('DisplayName', 'hearth')}</Owner><Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`,
  );
};
