/**
 * The S3 REST endpoint under `/s3` (path-style `/s3/<bucket>/<key>`), on node's request and response
 * directly so object bytes stream both ways: CORS preflight, then the signature, then the operation.
 * Every failure is S3's XML error; a fault of Hearth's own is logged and answered InternalError.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StorageService } from '../../storage/index.js';
import { HearthError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { authenticate, type S3AuthDeps } from './authenticate.js';
import { answerPreflight } from './cors.js';
import { chooseOperation } from './dispatch.js';
import { sendS3Error } from './errors.js';
import { nextRequestId, readS3Request, resourceOf, type S3Request } from './s3-request.js';

export interface S3HandlerDeps extends S3AuthDeps {
  /** absent when the backend defines no storage: every request answers NoSuchBucket */
  storage?: StorageService;
  logger: Logger;
}

/** `requestId`: the server's id for this request (its x-amzn-RequestId) */
export type RawHandler = (req: IncomingMessage, res: ServerResponse, requestId?: string) => void;

/** an unread body up to this size is drained so the connection serves the client's next request */
const DRAIN_LIMIT = 1024 * 1024;

export function createS3Handler(d: S3HandlerDeps): RawHandler {
  return (req, res, serverId) => void handle(d, req, res, serverId ?? nextRequestId());
}

/** `requestId`: the server's id for this request (x-amzn-RequestId, log lines), else one of S3's shape */
async function handle(d: S3HandlerDeps, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  if (req.method === 'OPTIONS') return answerPreflight(req, res);
  let r: S3Request | undefined;
  try {
    r = readS3Request(req, requestId);
    if (!d.storage)
      throw new HearthError(
        'NoSuchBucket',
        'The specified bucket does not exist: this backend defines no storage (add defineStorage to amplify/backend.ts).',
      );
    const caller = await authenticate(r, d);
    const { op } = chooseOperation(r);
    await op({ storage: d.storage, region: d.region }, r, res, caller);
  } catch (e) {
    // the client went away: nobody to answer (res.socket may be null here: a keep-alive request that
    // arrived before the previous answer finished waits for its socket, so ask the request's)
    if (res.destroyed || req.socket.destroyed) return;
    if (!(e instanceof HearthError) || e.code === 'Internal')
      d.logger.error(`${req.method} ${req.url}: ${(e as Error)?.stack ?? String(e)}`);
    settleBody(req, res);
    sendS3Error(res, e, { resource: r ? resourceOf(r) : (req.url ?? '/'), requestId, head: req.method === 'HEAD' });
  }
}

/** a refused body: drained when small, else the connection closes after the answer (as S3 does) */
function settleBody(req: IncomingMessage, res: ServerResponse): void {
  if (req.readableEnded) return;
  const length = req.headers['x-amz-decoded-content-length'] ?? req.headers['content-length'];
  // no length and no chunked encoding: no body at all (a GET, a HEAD, a DELETE)
  const declared = length !== undefined ? Number(length) : req.headers['transfer-encoding'] ? Number.POSITIVE_INFINITY : 0;
  if (declared <= DRAIN_LIMIT) req.resume();
  else res.shouldKeepAlive = false;
}
