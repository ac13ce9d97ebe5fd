/**
 * DeleteObjects (`POST /<bucket>?delete`, what Amplify's `remove` sends for a folder): each key
 * decided on its own; the DeleteResult lists Deleted keys (unless Quiet) and per-key Errors.
 */
import { s3Code } from './errors.js';
import { smallBody } from './request-body.js';
import { type S3Operation, sendXml } from './respond.js';
import { blocks, el, malformedXml, S3_NS, text } from './xml.js';

export const deleteObjectsOp: S3Operation = async (d, r, res, caller) => {
  const xml = await smallBody(r);
  const keys = blocks(xml, 'Delete', 'Object').map((b) => {
    const key = text(b, 'Key');
    if (key === undefined) throw malformedXml();
    return key;
  });
  const quiet = text(xml, 'Quiet')?.trim() === 'true';
  const outcomes = await d.storage.deleteObjects({ caller, bucket: r.bucket, keys, requestId: r.requestId });
  const body = outcomes
    .map((o) => {
      if (o.ok) return quiet ? '' : `<Deleted>${el('Key', o.key)}</Deleted>`;
      return `<Error>${el('Key', o.key)}${el('Code', s3Code(o.error))}${el('Message', o.error.message)}</Error>`;
    })
    .join('');
  sendXml(res, r, `<DeleteResult xmlns="${S3_NS}">${body}</DeleteResult>`);
};
