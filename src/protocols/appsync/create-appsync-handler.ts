import type { DataService, GraphQLErrorEntry, GraphQLRequest } from '../../data/types.js';
import { HearthError, isHearthError, toHearthError } from '../../util/errors.js';
import { type HttpRequest, type HttpResponse, json } from '../../util/http.js';
import { authenticateRequest, definedHeaders, type RequestAuthDeps } from './authenticate-request.js';
import { appSyncErrorResponse } from './errors.js';
import { APPSYNC_QUERY_LIMITS, createQueryLimiter, type QueryLimiter, type QueryLimits } from './query-limits.js';
import { parseGraphQLBody } from './request-body.js';

/** The request-auth deps (API key `expiresAt` in epoch milliseconds), plus the data service. */
export interface AppSyncHandlerDeps extends RequestAuthDeps {
  data: DataService;
  /** depth and resolver-count limits (default: AppSync's, query-limits.ts) */
  queryLimits?: QueryLimits;
}

export const GRAPHQL_PATH = '/graphql';

/**
 * GraphQL over HTTP as AppSync serves it: `POST /graphql`, authenticated per request, resolver and
 * validation errors in a 200 body, transport errors as 4xx in AppSync's error shape.
 * CORS and body-size limits are the server's job.
 */
export function createAppSyncHandler(deps: AppSyncHandlerDeps): (req: HttpRequest) => Promise<HttpResponse> {
  const limiter = createQueryLimiter(deps.queryLimits ?? APPSYNC_QUERY_LIMITS);
  return async (req) => {
    try {
      if (req.path !== GRAPHQL_PATH || req.method.toUpperCase() !== 'POST') {
        throw new HearthError('NotFound', `No route for ${req.method} ${req.path}.`);
      }
      // shape before identity: a malformed body is a 400 whatever the credentials
      const request = parseGraphQLBody(req.body);
      req.graphqlQuery = request.query;
      const caller = await authenticateRequest(req, deps);
      const overLimit = queryLimitError(limiter, request);
      if (overLimit) return json(200, { data: null, errors: [overLimit] });
      const context = { headers: definedHeaders(req.headers), sourceIp: req.remoteAddress };
      return json(200, await deps.data.execute({ ...request, context }, caller));
    } catch (e) {
      return appSyncErrorResponse(toHearthError(e));
    }
  };
}

/** A document over a limit, as the GraphQL error entry AppSync reports for a refused document. */
function queryLimitError(limiter: QueryLimiter, request: GraphQLRequest): GraphQLErrorEntry | undefined {
  try {
    limiter.check(request.query, request.variables);
    return undefined;
  } catch (e) {
    if (isHearthError(e) && e.code === 'ValidationError') return { errorType: 'ValidationError', message: e.message };
    throw e;
  }
}
