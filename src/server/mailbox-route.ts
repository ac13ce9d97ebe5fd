import type { MailStore } from '../db/ports.js';
import { type HttpRequest, type HttpResponse, json } from '../util/http.js';

/** `GET /_hearth/mailbox?to=<address>` → `{"messages":[…]}`, oldest first: the sandbox's test hook. */
export async function mailboxRoute(req: HttpRequest, mail: MailStore): Promise<HttpResponse> {
  const to = new URLSearchParams(req.query).get('to');
  if (!to) return json(400, { message: 'Give the recipient: /_hearth/mailbox?to=<address>' });
  const messages = await mail.byRecipient(to);
  return json(200, { messages });
}
