import type { AccessClaims, IamPrincipal } from '../auth/types.js';

/** The authenticated caller of a GraphQL operation, as the request-auth layer established it. */
export type Caller = { mode: 'apiKey' } | { mode: 'userPool'; claims: AccessClaims } | { mode: 'iam'; principal: IamPrincipal };

export interface GraphQLRequest {
  query: string;
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

export interface DataService {
  execute(req: GraphQLRequest, caller: Caller): Promise<GraphQLResponse>;
  /** the served SDL (what AppSync's GetIntrospectionSchema returns), for codegen */
  readonly sdl: string;
}
