/** HeadObject: GetObject's headers without the body (Amplify's getProperties and validateObjectExistence). */
import { notModified } from './get-object.js';
import { objectHeaders, type S3Operation } from './respond.js';

export const headObjectOp: S3Operation = async (d, r, res, caller) => {
  const o = await d.storage.headObject({ caller, bucket: r.bucket, key: r.key });
  if (notModified(r, o.etag, o.lastModified)) {
    res.writeHead(304, { ...objectHeaders(r, o), 'content-length': '0' });
    res.end();
    return;
  }
  res.writeHead(200, { ...objectHeaders(r, o), 'content-length': String(o.size) });
  res.end();
};
