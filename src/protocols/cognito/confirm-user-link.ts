/**
 * GET /confirmUser?client_id=…&user_name=…&confirmation_code=…: the link of a LINK-style
 * verification email (defineAuth verificationEmailStyle 'LINK'). Opening it confirms the sign-up,
 * as Cognito's hosted confirmUser page does, and answers with a small HTML page.
 */
import type { AuthService } from '../../auth/index.js';
import { toHearthError } from '../../util/errors.js';
import type { HttpRequest, HttpResponse } from '../../util/http.js';

const page = (status: number, title: string, text: string): HttpResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  body: `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`,
});

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function createConfirmUserLinkHandler(auth: Pick<AuthService, 'confirmSignUp'>): (req: HttpRequest) => Promise<HttpResponse> {
  return async (req) => {
    const q = new URLSearchParams(req.query);
    const clientId = q.get('client_id') ?? '';
    const username = q.get('user_name') ?? '';
    const code = q.get('confirmation_code') ?? '';
    if (!clientId || !username || !code) return page(400, 'Invalid link', 'This confirmation link is incomplete.');
    try {
      await auth.confirmSignUp({ clientId, username, code });
      return page(200, 'Registration confirmed', 'Your registration has been confirmed! You can now sign in.');
    } catch (e) {
      const err = toHearthError(e);
      const text = err.code === 'Internal' ? 'Something went wrong; see the Hearth server log.' : escapeHtml(err.message);
      return page(400, 'Confirmation failed', text);
    }
  };
}
