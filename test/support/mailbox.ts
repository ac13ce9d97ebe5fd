/** Reads the sandbox's dev mailbox (GET /_hearth/mailbox?to=…), as a developer would. */

export interface MailboxMessage {
  to: string;
  subject: string;
  text: string;
}

export async function mailboxOf(port: number, to: string): Promise<MailboxMessage[]> {
  const res = await fetch(`http://127.0.0.1:${port}/_hearth/mailbox?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { messages: MailboxMessage[] }).messages;
}

/** The six-digit code in the newest message to `to`, waiting up to `waitMs` for one to arrive. */
export async function latestCode(port: number, to: string, waitMs = 5_000): Promise<string> {
  const until = Date.now() + waitMs;
  for (;;) {
    const m = /(\d{6})/.exec((await mailboxOf(port, to)).at(-1)?.text ?? '');
    if (m?.[1]) return m[1];
    if (Date.now() > until) throw new Error(`no code in the mailbox of ${to}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
