import type { MailStore } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { type HttpRequest, type HttpResponse, json } from '../util/http.js';
import type { App } from './http-server.js';
import { mailboxRoute } from './mailbox-route.js';

type Handler = (req: HttpRequest) => Promise<HttpResponse>;

export interface AppParts {
  /** AppSync GraphQL over HTTP, at DATA_PATH */
  appsync?: Handler;
  appsyncError: (e: HearthError) => HttpResponse;
  /** Cognito user pool and identity pool JSON protocols, at COGNITO_PATH (told apart by x-amz-target) */
  cognitoIdp?: Handler;
  identityPool?: Handler;
  cognitoError: (e: HearthError) => HttpResponse;
  /** the issuer's JWKS document */
  jwks?: { path: string; body: () => unknown };
  /** present in the sandbox only */
  mailbox?: MailStore;
  /** GET CONFIRM_USER_PATH: the link of a LINK-style verification email */
  confirmUser?: { path: string; handler: Handler };
  /** the user pool's OAuth 2.0 / OIDC endpoints and hosted pages (see isOAuthPath) */
  oauth?: Handler;
  /** the dev console: its page and JSON endpoints under CONSOLE_PATH */
  console?: Handler;
}

export const DATA_PATH = '/graphql';
export const COGNITO_PATH = '/cognito';

export const CONSOLE_PATH = '/_hearth/console';

/** The paths Cognito's managed login domain serves: `/oauth2/*`, `/login`, `/logout`, `/signup`, discovery. */
export const isOAuthPath = (path: string) =>
  path.startsWith('/oauth2/') ||
  path === '/login' ||
  path === '/logout' ||
  path === '/signup' ||
  path.startsWith('/.well-known/openid-configuration') ||
  // discovery under the issuer, `<base>/<userPoolId>`, where the tokens' `iss` points
  path.endsWith('/.well-known/openid-configuration');

const isData = (path: string) => path === DATA_PATH || path.startsWith(`${DATA_PATH}/`);

/** Routes requests to the protocol handlers; each error answer is in the shape of the protocol asked. */
export function createApp(p: AppParts): App {
  const errorFor = (path: string, e: HearthError) => (isData(path) ? p.appsyncError(e) : p.cognitoError(e));
  return {
    tooLarge: (path) => errorFor(path, new HearthError('PayloadTooLarge', 'The request body is larger than 1 MiB.')),
    internalError: (path) => errorFor(path, new HearthError('Internal', 'An internal error occurred.')),
    async handle(req) {
      if (req.method === 'GET' && req.path === '/_hearth/health') return json(200, { ok: true });
      if (req.method === 'GET' && req.path === '/_hearth/mailbox' && p.mailbox) return mailboxRoute(req, p.mailbox);
      if (req.method === 'GET' && p.jwks && req.path === p.jwks.path) return json(200, p.jwks.body());
      if (req.method === 'GET' && p.confirmUser && req.path === p.confirmUser.path) return p.confirmUser.handler(req);
      if (p.console && (req.path === CONSOLE_PATH || req.path.startsWith(`${CONSOLE_PATH}/`))) return p.console(req);
      if (p.oauth && isOAuthPath(req.path)) return p.oauth(req);
      if (isData(req.path) && p.appsync) return p.appsync(req);
      // the AWS SDK, given `…/cognito` as its endpoint, posts to `…/cognito/`
      if (req.path === COGNITO_PATH || req.path === `${COGNITO_PATH}/` || req.path === '/') return cognito(req, p);
      return errorFor(req.path, new HearthError('NotFound', `Nothing is served at ${req.method} ${req.path}.`));
    },
  };
}

function cognito(req: HttpRequest, p: AppParts): Promise<HttpResponse> | HttpResponse {
  const target = req.headers['x-amz-target'] ?? '';
  if (target.startsWith('AWSCognitoIdentityService.') && p.identityPool) return p.identityPool(req);
  if (p.cognitoIdp) return p.cognitoIdp(req);
  return p.cognitoError(new HearthError('UnknownOperation', 'This backend defines no auth; add defineAuth to amplify/backend.ts.'));
}
