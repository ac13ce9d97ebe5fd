/**
 * Functions: every invocation (trigger source or operation, event, result or error, duration,
 * logs), newest first and live. A failed one is red, opens on its event and error, and has a
 * button to run it again (the API re-runs the recorded event through the function service).
 */
import { useCallback, useEffect, useState } from 'react';
import { api, apiUrl } from '../api.js';
import { useConsoleEvent } from '../events.js';
import { ErrorNote } from '../parts/error-note.js';
import { useAction, when } from '../parts/use-async.js';
import { type Invocation, nameOf, type Overview } from '../types.js';

const PAGE = 100;

export function FunctionsView({ overview }: { overview: Overview }) {
  const [fn, setFn] = useState('');
  const [status, setStatus] = useState('');
  const [items, setItems] = useState<Invocation[]>([]);
  const [next, setNext] = useState<string>();
  const list = useAction();

  const load = useCallback(
    (more?: string) =>
      list.run(async () => {
        const r = await api<Invocation[] | { invocations?: Invocation[]; items?: Invocation[]; next?: string }>(
          apiUrl('invocations', { function: fn, status, limit: PAGE, next: more }),
        );
        const page = Array.isArray(r) ? r : (r.invocations ?? r.items ?? []);
        setItems((prev) => (more ? [...prev, ...page] : page));
        setNext(Array.isArray(r) ? undefined : (r.next ?? undefined));
      }),
    [fn, status, list.run],
  );
  useEffect(() => {
    void load();
  }, [load]);
  useConsoleEvent('invocation', (d) => {
    const inv = d as Invocation;
    if (!inv?.id) return void load();
    if ((fn && inv.function !== fn) || (status && inv.status !== status)) return;
    setItems((prev) => (prev.some((p) => p.id === inv.id) ? prev.map((p) => (p.id === inv.id ? inv : p)) : [inv, ...prev]));
  });

  return (
    <section>
      <header className="view-head">
        <h1>Functions</h1>
        <select aria-label="Function" value={fn} onChange={(e) => setFn(e.target.value)}>
          <option value="">all functions</option>
          {overview.functions.map(nameOf).map((f) => (
            <option key={f}>{f}</option>
          ))}
        </select>
        <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">any status</option>
          {['ok', 'failed', 'pending', 'timedOut'].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </header>
      <ErrorNote text={list.error} />
      <ul className="invocations">
        {items.map((inv) => (
          <InvocationItem key={inv.id} inv={inv} onRetried={() => void load()} />
        ))}
      </ul>
      {!items.length && !list.busy && <p className="empty">No invocations yet.</p>}
      {next && (
        <button type="button" onClick={() => void load(next)} disabled={list.busy}>
          Load more
        </button>
      )}
    </section>
  );
}

const isFailure = (s: Invocation['status']) => s === 'failed' || s === 'timedOut';

function InvocationItem({ inv, onRetried }: { inv: Invocation; onRetried: () => void }) {
  const failed = isFailure(inv.status);
  const [open, setOpen] = useState(failed);
  const retry = useAction();
  return (
    <li className={`invocation card ${failed ? 'failed' : ''}`} data-testid="invocation" data-status={inv.status}>
      <button type="button" className="inv-head" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span className={`badge status-${inv.status}`}>{inv.status}</span>
        <strong>{inv.function}</strong>
        <span className="source">{inv.source}</span>
        <span className="muted">
          {inv.durationMs !== undefined ? `${inv.durationMs} ms` : ''}
          {inv.attempts && inv.attempts > 1 ? ` · ${inv.attempts} attempts` : ''}
        </span>
        <time dateTime={inv.time}>{when(inv.time)}</time>
      </button>
      {open && (
        <div className="inv-body">
          {inv.error !== undefined && inv.error !== null && <Block title="Error" value={inv.error} />}
          <Block title="Event" value={inv.event} />
          {inv.result !== undefined && <Block title="Result" value={inv.result} />}
          {inv.logs && inv.logs.length > 0 && <Block title="Logs" value={Array.isArray(inv.logs) ? inv.logs.join('\n') : inv.logs} />}
          {failed && (
            <button
              type="button"
              onClick={() =>
                retry.run(() => api(`invocations/${encodeURIComponent(inv.id)}/retry`, { method: 'POST' })).then((ok) => ok && onRetried())
              }
              disabled={retry.busy}
            >
              Run again
            </button>
          )}
          <ErrorNote text={retry.error} />
        </div>
      )}
    </li>
  );
}

function Block({ title, value }: { title: string; value: unknown }) {
  return (
    <div className="block">
      <h4>{title}</h4>
      <pre>{typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>
    </div>
  );
}
