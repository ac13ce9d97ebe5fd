/**
 * Mailbox: every message the backend "sent", newest first, new ones arriving live. A message's
 * code is a button that copies it; its link opens. The body renders as HTML inside a sandboxed
 * iframe (no scripts, no same-origin access), since it is the app's template, not ours.
 */
import { useState } from 'react';
import { apiUrl } from '../api.js';
import { useConsoleEvent } from '../events.js';
import { ErrorNote } from '../parts/error-note.js';
import { when } from '../parts/use-async.js';
import { usePagedList } from '../parts/use-paged-list.js';
import type { MailMessage } from '../types.js';

const PAGE = 50;

export function MailboxView() {
  const [to, setTo] = useState('');
  const [open, setOpen] = useState<string>();
  const list = usePagedList(
    (next) => apiUrl('mail', { to: to.trim(), limit: PAGE, next }),
    (r: { messages: MailMessage[]; next?: string | null }) => r.messages,
  );
  // the event names the message only (no body travels on the stream): re-read the newest page
  useConsoleEvent('mail', list.reload);

  return (
    <section>
      <header className="view-head">
        <h1>Mailbox</h1>
        <input type="search" aria-label="Search by address" placeholder="to address" value={to} onChange={(e) => setTo(e.target.value)} />
      </header>
      <ErrorNote text={list.error} />
      <ul className="mail-list">
        {list.items.map((m) => (
          <MailItem key={m.id} message={m} open={open === m.id} onToggle={() => setOpen(open === m.id ? undefined : m.id)} />
        ))}
      </ul>
      {!list.items.length && !list.busy && <p className="empty">No mail{to ? ' to that address' : ' yet'}.</p>}
      {list.next && (
        <button type="button" onClick={list.loadMore} disabled={list.busy}>
          Load more
        </button>
      )}
    </section>
  );
}

function MailItem({ message: m, open, onToggle }: { message: MailMessage; open: boolean; onToggle: () => void }) {
  return (
    <li className="mail card" data-testid="mail-item">
      <button type="button" className="mail-head" onClick={onToggle} aria-expanded={open}>
        <strong>{m.subject}</strong>
        <span className="to">{m.to}</span>
        <time dateTime={m.time}>{when(m.time)}</time>
      </button>
      <div className="mail-actions">
        {m.code && <CopyButton value={m.code} label="code" />}
        {m.link && (
          <a href={m.link} target="_blank" rel="noreferrer noopener">
            Open link
          </a>
        )}
      </div>
      {open &&
        (m.html ? (
          <iframe className="mail-body" title={`Message: ${m.subject}`} sandbox="" srcDoc={m.html} />
        ) : (
          <pre className="mail-body">{m.text}</pre>
        ))}
    </li>
  );
}

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // no clipboard (plain http on a non-loopback name): the value stays selectable on the button
    }
  }
  return (
    <button type="button" className="code" onClick={copy} title={`Copy ${label}`} data-testid={`copy-${label}`}>
      <code>{value}</code> {copied ? 'copied' : 'copy'}
    </button>
  );
}
