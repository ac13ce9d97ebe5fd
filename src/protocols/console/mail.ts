/** `GET api/mail?to=&limit=&next=`: every message the backend "sent", newest first, with its code and link picked out. */
import type { MailMessage, MailStore } from '../../db/ports.js';
import { json } from '../../util/http.js';
import type { ConsoleRoute } from './console-router.js';
import { limitOf } from './paging.js';

/** The message with the verification code (6 digits) and the first link of its text, for copy buttons. */
export function mailView(m: MailMessage) {
  const code = /\b(\d{6})\b/.exec(m.text)?.[1];
  const link = /https?:\/\/[^\s"'<>]+/.exec(m.text)?.[0];
  return { id: m.id, to: m.to, subject: m.subject, time: m.sentAt, text: m.text, html: m.html, code: code ?? null, link: link ?? null };
}

export function mailRoutes(mail: MailStore): ConsoleRoute[] {
  return [
    {
      method: 'GET',
      path: 'mail',
      handle: async ({ query }) => {
        const page = await mail.page({
          to: query.get('to') || undefined,
          limit: limitOf(query, 50, 200),
          before: query.get('next') ?? undefined,
        });
        return json(200, { messages: page.messages.map(mailView), next: page.next ?? null });
      },
    },
  ];
}
