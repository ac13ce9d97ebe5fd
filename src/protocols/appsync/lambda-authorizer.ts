import { randomUUID } from 'node:crypto';
import type { GraphQLRequest, LambdaCaller } from '../../data/types.js';
import type { FunctionInvoker } from '../../functions/types.js';
import type { Clock } from '../../util/clock.js';
import { HearthError } from '../../util/errors.js';

export interface LambdaAuthorizerDeps {
  functions: FunctionInvoker;
  functionName: string;
  /** lambdaAuthorizationMode.timeToLiveInSeconds (0: no caching); the answer's ttlOverride wins */
  ttlSeconds: number;
  clock: Clock;
  /** what the event's requestContext names the API and account */
  apiId: string;
  accountId?: string;
  requestId?: () => string;
}

export interface LambdaAuthorizer {
  /** The caller for an `authorization` token, or NotAuthorized (HTTP 401 UnauthorizedException). */
  authorize(token: string, request: GraphQLRequest, headers: Record<string, string>): Promise<LambdaCaller>;
}

const MAX_CACHED = 10_000;
const refuse = () => new HearthError('NotAuthorized', 'You are not authorized to make this call.');

/**
 * AppSync's AWS_LAMBDA mode: the function gets `{authorizationToken, requestContext:{apiId,
 * accountId, requestId, queryString, operationName, variables}, requestHeaders}` and answers
 * `{isAuthorized, resolverContext?, deniedFields?, ttlOverride?}`. Answers (refusals too) are cached
 * per token for the TTL, as AppSync does: a cached answer is reused whatever the query.
 * https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#aws-lambda-authorization
 * Deviation: a function that throws or times out is answered 401 like a refusal, not cached.
 */
export function createLambdaAuthorizer(deps: LambdaAuthorizerDeps): LambdaAuthorizer {
  const cache = new Map<string, { until: number; caller?: LambdaCaller }>();
  return {
    async authorize(token, request, headers) {
      const hit = cache.get(token);
      if (hit && hit.until > deps.clock.now()) {
        if (!hit.caller) throw refuse();
        return hit.caller;
      }
      cache.delete(token);
      const result = await deps.functions.invoke(deps.functionName, authorizerEvent(token, request, headers, deps));
      if (!result.ok) throw refuse();
      const answer = readAnswer(result.result);
      const ttl = answer.ttlOverride ?? deps.ttlSeconds;
      if (ttl > 0) remember(cache, token, { until: deps.clock.now() + ttl * 1000, caller: answer.caller });
      if (!answer.caller) throw refuse();
      return answer.caller;
    },
  };
}

function authorizerEvent(token: string, request: GraphQLRequest, headers: Record<string, string>, deps: LambdaAuthorizerDeps) {
  return {
    authorizationToken: token,
    requestContext: {
      apiId: deps.apiId,
      accountId: deps.accountId ?? '000000000000',
      requestId: deps.requestId?.() ?? randomUUID(),
      queryString: request.query,
      operationName: request.operationName ?? null,
      variables: request.variables ?? {},
    },
    requestHeaders: headers,
  };
}

/** A malformed answer (no boolean isAuthorized) is a refusal, as AppSync treats it. */
function readAnswer(raw: unknown): { caller?: LambdaCaller; ttlOverride?: number } {
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const ttlOverride = typeof r.ttlOverride === 'number' && r.ttlOverride >= 0 ? r.ttlOverride : undefined;
  if (r.isAuthorized !== true) return { ttlOverride };
  const ctx = r.resolverContext;
  const denied = Array.isArray(r.deniedFields) ? r.deniedFields.filter((d): d is string => typeof d === 'string') : [];
  const resolverContext = ctx && typeof ctx === 'object' && !Array.isArray(ctx) ? (ctx as Record<string, unknown>) : {};
  return { caller: { mode: 'lambda', resolverContext, deniedFields: denied }, ttlOverride };
}

function remember(
  cache: Map<string, { until: number; caller?: LambdaCaller }>,
  token: string,
  entry: { until: number; caller?: LambdaCaller },
) {
  // Map keeps insertion order: the first key is the oldest
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(token, entry);
}

/** The API's Lambda authorizer, when its DataIR has a lambdaAuthorizationMode. */
export function lambdaAuthorizerFor(
  data: { name: string; lambdaAuthorizer?: { functionName: string; ttlSeconds: number } } | undefined,
  o: { functions: FunctionInvoker; clock: Clock },
): LambdaAuthorizer | undefined {
  const mode = data?.lambdaAuthorizer;
  if (!data || !mode) return undefined;
  return createLambdaAuthorizer({ functions: o.functions, clock: o.clock, apiId: data.name, ...mode });
}
