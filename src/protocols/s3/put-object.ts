/** PutObject: the body streams into a new blob; the answer carries the ETag. */
import { objectAttributes } from './object-attributes.js';
import { objectBody } from './request-body.js';
import { type S3Operation, sendEmpty } from './respond.js';

export const putObjectOp: S3Operation = async (d, r, res, caller) => {
  const { body, size, digests } = objectBody(r);
  const o = await d.storage.putObject({
    caller,
    bucket: r.bucket,
    key: r.key,
    requestId: r.requestId,
    body,
    size,
    digests,
    ifNoneMatch: r.headers['if-none-match'],
    ...objectAttributes(r.headers),
  });
  sendEmpty(res, r, 200, { etag: o.etag });
};
