import type { AccessClaims, IamPrincipal } from '../auth/types.js';

/** The authenticated caller of a GraphQL operation, as the request-auth layer established it. */
export type Caller =
  | { mode: 'apiKey' }
  | { mode: 'userPool'; claims: AccessClaims }
  /** a token of the API's OpenID Provider (oidcAuthorizationMode): its claims, read as a user pool token's */
  | { mode: 'oidc'; claims: AccessClaims }
  | { mode: 'iam'; principal: IamPrincipal }
  | LambdaCaller;

/**
 * A request the API's Lambda authorizer allowed: `resolverContext` is what resolvers see as
 * `identity.resolverContext`; `deniedFields` (`Type.field` or AppSync field ARNs) read as null.
 */
export interface LambdaCaller {
  mode: 'lambda';
  resolverContext: Record<string, unknown>;
  deniedFields: string[];
}

export interface GraphQLRequest {
  query: string;
  /** the HTTP request's headers and source address, for custom operations' Lambda events */
  context?: { headers?: Record<string, string>; sourceIp?: string };
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** AppSync's error entry shape. */
export interface GraphQLErrorEntry {
  message: string;
  errorType: string;
  path?: (string | number)[];
  locations?: { line: number; column: number; sourceName: null }[];
  data?: null;
  errorInfo?: null;
}

export interface GraphQLResponse {
  data: Record<string, unknown> | null;
  errors?: GraphQLErrorEntry[];
}

/** A subscription start: refused with AppSync error entries, or running until `unsubscribe()`. */
export type SubscribeResult = { ok: true; unsubscribe(): void } | { ok: false; errors: GraphQLErrorEntry[] };

export interface DataService {
  execute(req: GraphQLRequest, caller: Caller): Promise<GraphQLResponse>;
  /**
   * Starts a GraphQL subscription; `onData` receives `{data: {onCreateX: …}}` per matching change.
   * Absent when the service was built without a change feed.
   */
  subscribe?(req: GraphQLRequest, caller: Caller, onData: (r: GraphQLResponse) => void): SubscribeResult;
  /** the served SDL (what AppSync's GetIntrospectionSchema returns), for codegen */
  readonly sdl: string;
}
