export { createS3Handler, type RawHandler, type S3HandlerDeps } from './create-s3-handler.js';
export { isS3Path, S3_PATH } from './s3-request.js';
