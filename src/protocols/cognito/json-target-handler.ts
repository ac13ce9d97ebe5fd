/**
 * The AWS JSON 1.1 envelope shared by the user pool and identity pool endpoints: POST, operation
 * in `x-amz-target: <Service>.<Operation>`, JSON object body, JSON object answer (`{}` when there
 * is nothing to say; the client fails on an empty body, reference §A.3).
 */
import { randomUUID } from 'node:crypto';
import { HearthError, toHearthError } from '../../util/errors.js';
import { type HttpRequest, type HttpResponse, parseJsonObject } from '../../util/http.js';
import { type Logger, silentLogger } from '../../util/logger.js';
import { AMZ_JSON, cognitoErrorResponse } from './errors.js';

export type JsonBody = Record<string, unknown>;
export type Operation<A> = (auth: A, body: JsonBody) => Promise<object | undefined>;

export interface JsonTargetHandlerOptions<A> {
  /** e.g. `AWSCognitoIdentityProviderService` */
  service: string;
  operations: Record<string, Operation<A>>;
  auth: A;
  logger?: Logger;
}

function operationFor<A>(o: JsonTargetHandlerOptions<A>, target: string): Operation<A> {
  const prefix = `${o.service}.`;
  const name = target.startsWith(prefix) ? target.slice(prefix.length) : '';
  const op = Object.hasOwn(o.operations, name) ? o.operations[name] : undefined;
  if (!op) {
    const what = target || `a request without an x-amz-target header (expected ${prefix}<Operation>)`;
    throw new HearthError('UnknownOperation', `Hearth does not implement ${what} yet`);
  }
  return op;
}

function parseBody(text: string): JsonBody {
  if (text.trim() === '') return {};
  const body = parseJsonObject(text);
  if (!body) throw new HearthError('BadRequest', 'The request body is not a valid JSON object.');
  return body;
}

export function createJsonTargetHandler<A>(o: JsonTargetHandlerOptions<A>): (req: HttpRequest) => Promise<HttpResponse> {
  const logger = o.logger ?? silentLogger;
  return async (req) => {
    // the server's id for this request, so the answer and every log line name the same one
    const requestId = req.requestId ?? randomUUID();
    try {
      const op = operationFor(o, req.headers['x-amz-target'] ?? '');
      const result = await op(o.auth, parseBody(req.body));
      return { status: 200, headers: { 'content-type': AMZ_JSON, 'x-amzn-RequestId': requestId }, body: JSON.stringify(result ?? {}) };
    } catch (e) {
      const err = toHearthError(e);
      if (err.code === 'Internal')
        logger.error(
          `${req.headers['x-amz-target']} failed (request ${requestId}): ${String((err.cause as Error)?.stack ?? err.cause ?? err.message)}`,
        );
      return cognitoErrorResponse(err, requestId);
    }
  };
}
