/** UploadPart (`PUT /<bucket>/<key>?partNumber=n&uploadId=…`): the part's bytes stream into a blob; the ETag answers. */
import { HearthError } from '../../util/errors.js';
import { objectBody } from './request-body.js';
import { type S3Operation, sendEmpty } from './respond.js';

export const uploadPartOp: S3Operation = async (d, r, res, caller) => {
  const partNumber = Number(r.params.get('partNumber'));
  if (!/^\d+$/.test(r.params.get('partNumber') ?? '') || partNumber < 1 || partNumber > 10_000)
    throw new HearthError('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
  const { body, size, digests } = objectBody(r);
  const p = await d.storage.uploadPart({
    caller,
    bucket: r.bucket,
    key: r.key,
    uploadId: r.params.get('uploadId') ?? '',
    partNumber,
    body,
    size,
    digests,
  });
  sendEmpty(res, r, 200, { etag: p.etag });
};
