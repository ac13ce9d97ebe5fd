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

type InvocationPage = Invocation[] | { invocations?: Invocation[]; items?: Invocation[]; next?: string | null };
const itemsOf = (r: InvocationPage) => (Array.isArray(r) ? r : (r.invocations ?? r.items ?? []));

export function FunctionsView({ overview }: { overview: Overview }) {
  const [fn, setFn] = useState('');
  const [status, setStatus] = useState('');
  const [items, setItems] = useState<Invocation[]>([]);
  const [kept, setKept] = useState<Invocation[]>([]);
  const [next, setNext] = useState<string>();
  const list = useAction();

  const load = useCallback(
    (more?: string) =>
      list.run(async () => {
        const r = await api<InvocationPage>(apiUrl('invocations', { function: fn, status, limit: PAGE, next: more }));
        setItems((prev) => (more ? [...prev, ...itemsOf(r)] : itemsOf(r)));
        setNext(Array.isArray(r) ? undefined : (r.next ?? undefined));
        // failed triggers kept durably (hearth_invocations): these are the ones a retry re-runs
        const failed = await api<InvocationPage>('failed-invocations').catch(() => [] as Invocation[]);
        setKept(itemsOf(failed).filter((i) => (!fn || i.function === fn) && i.status !== 'pending'));
      }),
    [fn, status, list.run],
  );
  useEffect(() => {
    void load();
  }, [load]);
  useConsoleEvent('invocation', (d) => {
    const inv = d as Invocation;
    if (!inv?.id || isFailure(inv.status)) return void load();
    if ((fn && inv.function !== fn) || (status && inv.status !== status)) return;
    setItems((prev) => (prev.some((p) => p.id === inv.id) ? prev.map((p) => (p.id === inv.id ? inv : p)) : [inv, ...prev]));
  });
  const keptIds = new Set(kept.map((k) => k.id));

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
      {kept.length > 0 && (
        <>
          <h2>Failed, kept to run again</h2>
          <ul className="invocations" aria-label="Failed invocations kept for a retry">
            {kept.map((inv) => (
              <InvocationItem key={`kept-${inv.id}`} kept inv={inv} retryable={inv.status === 'failed'} onRetried={() => void load()} />
            ))}
          </ul>
          <h2>All invocations</h2>
        </>
      )}
      <ul className="invocations" aria-label="Invocations">
        {items.map((inv) => (
          <InvocationItem key={inv.id} inv={inv} retryable={keptIds.has(inv.id)} onRetried={() => void load()} />
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

const isFailure = (s: Invocation['status']) => s === 'failed' || s === 'timedOut' || s === 'retrying';

function InvocationItem({
  inv,
  retryable,
  kept,
  onRetried,
}: {
  inv: Invocation;
  retryable: boolean;
  kept?: boolean;
  onRetried: () => void;
}) {
  const failed = isFailure(inv.status);
  const [open, setOpen] = useState(failed);
  const retry = useAction();
  return (
    <li
      className={`invocation card ${failed ? 'failed' : ''}`}
      data-testid={kept ? 'kept-invocation' : 'invocation'}
      data-status={inv.status}
    >
      <button type="button" className="inv-head" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span className={`badge status-${inv.status}`}>{inv.status}</span>
        <strong>{inv.function}</strong>
        <span className="source">{inv.source}</span>
        <span className="muted">
          {inv.durationMs !== undefined ? `${inv.durationMs} ms` : ''}
          {inv.attempts && inv.attempts > 1 ? ` · ${inv.attempts} attempts` : ''}
        </span>
        <time>{when(inv.time)}</time>
      </button>
      {open && (
        <div className="inv-body">
          {inv.error !== undefined && inv.error !== null && <Block title="Error" value={inv.error} />}
          <Block title="Event" value={inv.event} />
          {inv.result !== undefined && <Block title="Result" value={inv.result} />}
          {inv.logs && inv.logs.length > 0 && <Block title="Logs" value={Array.isArray(inv.logs) ? inv.logs.join('\n') : inv.logs} />}
          {failed && retryable && (
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
