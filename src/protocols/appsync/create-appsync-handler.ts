import type { CredentialIssuer, TokenVerifier } from '../../auth/types.js';
import type { DataService } from '../../data/types.js';
import type { DataAuthMode } from '../../ir/types.js';
import type { Clock } from '../../util/clock.js';
import { HearthError, toHearthError } from '../../util/errors.js';
import { type HttpRequest, type HttpResponse, json } from '../../util/http.js';
import type { ApiKeyConfig } from './api-key-auth.js';
import { authenticateRequest } from './authenticate-request.js';
import { appSyncErrorResponse } from './errors.js';
import { parseGraphQLBody } from './request-body.js';

export interface AppSyncHandlerDeps {
  data: DataService;
  tokens: TokenVerifier;
  credentials: CredentialIssuer;
  /** `expiresAt` in epoch milliseconds (epoch seconds accepted) */
  apiKey?: ApiKeyConfig;
  authModes: DataAuthMode[];
  region: string;
  clock: Clock;
}

export const GRAPHQL_PATH = '/graphql';

/**
 * GraphQL over HTTP as AppSync serves it: `POST /graphql`, authenticated per request, resolver and
 * validation errors in a 200 body, transport errors as 4xx in AppSync's error shape.
 * CORS and body-size limits are the server's job.
 */
export function createAppSyncHandler(deps: AppSyncHandlerDeps): (req: HttpRequest) => Promise<HttpResponse> {
  return async (req) => {
    try {
      if (req.path !== GRAPHQL_PATH || req.method.toUpperCase() !== 'POST') {
        throw new HearthError('NotFound', `No route for ${req.method} ${req.path}.`);
      }
      // shape before identity: a malformed body is a 400 whatever the credentials
      const request = parseGraphQLBody(req.body);
      const caller = await authenticateRequest(req, deps);
      return json(200, await deps.data.execute(request, caller));
    } catch (e) {
      return appSyncErrorResponse(toHearthError(e));
    }
  };
}
