import type { GraphQLRequest } from '../../data/types.js';
import { HearthError } from '../../util/errors.js';
import { parseJsonObject } from '../../util/http.js';

/** `{"query": string, "variables"?: object|null, "operationName"?: string|null}`, else BadRequest. */
export function parseGraphQLBody(body: string): GraphQLRequest {
  const o = parseJsonObject(body);
  if (!o) throw new HearthError('BadRequest', 'Invalid JSON payload in POST request.');
  const { query, variables, operationName } = o;
  if (typeof query !== 'string' || query.trim() === '') {
    throw new HearthError('BadRequest', "The request body must carry a GraphQL document in 'query'.");
  }
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
    throw new HearthError('BadRequest', "'variables' must be a JSON object.");
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    throw new HearthError('BadRequest', "'operationName' must be a string.");
  }
  return {
    query,
    variables: (variables as Record<string, unknown> | null | undefined) ?? {},
    ...(typeof operationName === 'string' ? { operationName } : {}),
  };
}
