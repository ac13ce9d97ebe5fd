/**
 * Which S3 operation a request is, from its method, whether it names a key, its sub-resource query
 * parameters and x-amz-copy-source (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html).
 * An operation Hearth does not serve answers NotImplemented naming it; a method S3 does not take, 405.
 */
import { HearthError } from '../../util/errors.js';
import { abortMultipartUploadOp } from './abort-multipart-upload.js';
import { completeMultipartUploadOp } from './complete-multipart-upload.js';
import { copyObjectOp } from './copy-object.js';
import { createMultipartUploadOp } from './create-multipart-upload.js';
import { deleteObjectOp } from './delete-object.js';
import { deleteObjectsOp } from './delete-objects.js';
import { getObjectOp } from './get-object.js';
import { headBucketOp } from './head-bucket.js';
import { headObjectOp } from './head-object.js';
import { listBucketsOp } from './list-buckets.js';
import { listObjectsV2Op } from './list-objects-v2.js';
import { listPartsOp } from './list-parts.js';
import { putObjectOp } from './put-object.js';
import type { S3Operation } from './respond.js';
import type { S3Request } from './s3-request.js';
import { uploadPartOp } from './upload-part.js';

/** sub-resources of objects and buckets that name operations Hearth does not serve */
const OBJECT_SUBRESOURCES: Record<string, string> = {
  acl: 'ObjectAcl',
  tagging: 'ObjectTagging',
  retention: 'ObjectRetention',
  'legal-hold': 'ObjectLegalHold',
  torrent: 'GetObjectTorrent',
  restore: 'RestoreObject',
  select: 'SelectObjectContent',
  attributes: 'GetObjectAttributes',
};
const BUCKET_SUBRESOURCES = [
  'acl',
  'cors',
  'location',
  'policy',
  'tagging',
  'versioning',
  'versions',
  'lifecycle',
  'website',
  'uploads',
  'notification',
  'encryption',
  'logging',
];

export function chooseOperation(r: S3Request): { name: string; op: S3Operation } {
  const has = (p: string) => r.params.has(p);
  const notImplemented = (name: string) => new HearthError('NotImplemented', `Hearth does not implement the S3 operation ${name}.`);
  if (!r.bucket) {
    if (r.method === 'GET') return { name: 'ListBuckets', op: listBucketsOp };
    throw notImplemented(`${r.method} on the service`);
  }
  if (!r.key) {
    const sub = BUCKET_SUBRESOURCES.find(has);
    if (r.method === 'GET' && !sub) {
      if (r.params.get('list-type') === '2') return { name: 'ListObjectsV2', op: listObjectsV2Op };
      throw notImplemented('ListObjects (version 1); send list-type=2');
    }
    if (r.method === 'POST' && has('delete')) return { name: 'DeleteObjects', op: deleteObjectsOp };
    if (r.method === 'HEAD') return { name: 'HeadBucket', op: headBucketOp };
    throw notImplemented(`${r.method} on a bucket${sub ? ` (?${sub})` : ''}`);
  }
  const sub = Object.keys(OBJECT_SUBRESOURCES).find(has);
  if (sub) throw notImplemented(`${r.method === 'GET' ? 'Get' : r.method === 'PUT' ? 'Put' : r.method}${OBJECT_SUBRESOURCES[sub]}`);
  const copy = r.headers['x-amz-copy-source'] !== undefined;
  switch (r.method) {
    case 'PUT':
      if (has('partNumber') || has('uploadId')) {
        if (copy) throw notImplemented('UploadPartCopy');
        return { name: 'UploadPart', op: uploadPartOp };
      }
      return copy ? { name: 'CopyObject', op: copyObjectOp } : { name: 'PutObject', op: putObjectOp };
    case 'GET':
      return has('uploadId') ? { name: 'ListParts', op: listPartsOp } : { name: 'GetObject', op: getObjectOp };
    case 'HEAD':
      return { name: 'HeadObject', op: headObjectOp };
    case 'DELETE':
      return has('uploadId') ? { name: 'AbortMultipartUpload', op: abortMultipartUploadOp } : { name: 'DeleteObject', op: deleteObjectOp };
    case 'POST':
      if (has('uploads')) return { name: 'CreateMultipartUpload', op: createMultipartUploadOp };
      if (has('uploadId')) return { name: 'CompleteMultipartUpload', op: completeMultipartUploadOp };
      throw notImplemented('PostObject (browser form upload)');
    default:
      throw new HearthError('MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }
}
