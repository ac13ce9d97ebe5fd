/**
 * The protocol and operation of a request, for metrics: the Cognito target, the GraphQL operation
 * type and root field, the S3 operation. Only names a protocol defines go into labels; anything a
 * client could fill with user data (keys, emails, values) stays out.
 */
import type { IncomingMessage } from 'node:http';
import { chooseOperation } from '../protocols/s3/dispatch.js';
import { readS3Request } from '../protocols/s3/s3-request.js';
import type { HttpRequest } from '../util/http.js';

export interface RequestLabels {
  protocol: string;
  operation: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
const OPS = new Set(['health', 'ready', 'metrics', 'mailbox']);

/** Labels of a buffered request (everything but S3). */
export function labelRequest(req: HttpRequest, dataPath: string): RequestLabels {
  if (req.path === dataPath || req.path.startsWith(`${dataPath}/`)) {
    // the handler's own parse when it got that far; else (a malformed body, a refusal first) the body's
    return {
      protocol: 'appsync',
      operation: req.graphqlQuery === undefined ? graphqlOperation(req.body) : queryOperation(req.graphqlQuery),
    };
  }
  if (req.path.startsWith('/_hearth/')) {
    const op = req.path.slice('/_hearth/'.length);
    return { protocol: 'hearth', operation: OPS.has(op) ? op : 'other' };
  }
  const target = req.headers['x-amz-target'];
  if (target) {
    const [service, op] = target.split('.');
    const protocol = service === 'AWSCognitoIdentityService' ? 'identity' : 'cognito';
    return { protocol, operation: op && NAME.test(op) ? op : 'unknown' };
  }
  return { protocol: 'http', operation: NAME.test(req.method) ? req.method : 'other' };
}

/** Labels of a streamed S3 request: the operation S3 itself would name, from method, key and query. */
export function labelS3Request(req: IncomingMessage): RequestLabels {
  try {
    return { protocol: 's3', operation: chooseOperation(readS3Request(req, '')).name };
  } catch {
    return { protocol: 's3', operation: 'unsupported' };
  }
}

/**
 * `query listTodos`, `mutation createTodo`: the first operation's type and its first root field,
 * found by a small scan rather than a parse (the handler parses with its own cache). The scan skips
 * strings, comments, arguments, aliases and fragment definitions that come first.
 */
export function graphqlOperation(body: string): string {
  let query: unknown;
  try {
    query = (JSON.parse(body) as { query?: unknown }).query;
  } catch {
    return 'invalid';
  }
  return typeof query === 'string' ? queryOperation(query) : 'invalid';
}

/** The label of a GraphQL document (see graphqlOperation). */
function queryOperation(query: string): string {
  // clients send the same few documents over and over: scan each once (bounded, oldest out; small documents only)
  let label = labelsByQuery.get(query);
  if (label === undefined) {
    label = scanOperation(query);
    if (query.length > MAX_CACHED_QUERY_CHARS) return label;
    if (labelsByQuery.size >= MAX_CACHED_LABELS) labelsByQuery.delete(labelsByQuery.keys().next().value as string);
    labelsByQuery.set(query, label);
  }
  return label;
}

const MAX_CACHED_LABELS = 500;
const MAX_CACHED_QUERY_CHARS = 8192;
const labelsByQuery = new Map<string, string>();

function scanOperation(query: string): string {
  const text = query.replace(/"""[\s\S]*?"""|"(?:\\.|[^"\\])*"|#[^\n]*/g, ' ');
  const m = /(?:^|[\s}])(query|mutation|subscription)\b[^{]*\{\s*([A-Za-z_]\w*)(\s*:\s*([A-Za-z_]\w*))?/.exec(text);
  if (m) return `${m[1]} ${m[4] ?? m[2]}`;
  const short = /^\s*\{\s*([A-Za-z_]\w*)(\s*:\s*([A-Za-z_]\w*))?/.exec(text);
  return short ? `query ${short[3] ?? short[1]}` : 'invalid';
}
