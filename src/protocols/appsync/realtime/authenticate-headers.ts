import type { Caller } from '../../../data/types.js';
import { HearthError } from '../../../util/errors.js';
import type { HttpRequest } from '../../../util/http.js';
import { authenticateRequest, type RequestAuthDeps } from '../authenticate-request.js';

export interface SignedPart {
  /** the auth object the client sent (connect header or `start`'s extensions.authorization) */
  headers: Record<string, unknown> | undefined;
  /** what an IAM signature covers: `/graphql/connect` with `{}` for connect, `/graphql` with payload.data for start */
  path: string;
  body: string;
}

/**
 * Authenticates a realtime auth object with the same code as GraphQL over HTTP: the object holds
 * the headers an HTTP request would carry (x-api-key, Authorization, or a SigV4 set), so it is
 * read as the POST the client signed (reference §F.2, §F.3).
 */
export async function authenticateHeaders(part: SignedPart, deps: RequestAuthDeps): Promise<Caller> {
  if (!part.headers) throw new HearthError('NotAuthorized', 'Valid authorization header not provided.');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(part.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
  const req: HttpRequest = { method: 'POST', path: part.path, query: '', headers, body: part.body };
  return authenticateRequest(req, deps);
}
