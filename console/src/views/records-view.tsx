/**
 * Data: a grid per model. The filter lives in the URL (`#/data/Post?filter=<ModelFilterInput>`), so
 * a related-records link is just a link; sort is on indexed fields; pages load as the grid
 * scrolls; `record` events keep the loaded rows current.
 */
import type { SortingState } from '@tanstack/react-table';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, apiUrl } from '../api.js';
import { useConsoleEvent } from '../events.js';
import { ErrorNote } from '../parts/error-note.js';
import { useAction } from '../parts/use-async.js';
import { href, navigate, type Route } from '../route.js';
import type { ModelInfo, Overview } from '../types.js';
import { type Item, recordKey } from './data-model.js';
import { type Condition, FilterBar, fromFilter, toFilter } from './filter-bar.js';
import { ModelGrid } from './model-grid.js';
import { RecordForm } from './record-form.js';

const PAGE = 200;

export function RecordsView({ overview, route }: { overview: Overview; route: Route }) {
  const model = overview.models.find((m) => m.name === route.parts[1]) ?? overview.models[0];
  if (!model) return <p className="empty">This backend has no data models.</p>;
  return (
    <section className="data-view">
      <header className="view-head">
        <h1>Data</h1>
        <select aria-label="Model" value={model.name} onChange={(e) => navigate(['data', e.target.value])}>
          {overview.models.map((m) => (
            <option key={m.name}>{m.name}</option>
          ))}
        </select>
      </header>
      <ModelRecords
        key={`${model.name}?${route.query.get('filter') ?? ''}`}
        overview={overview}
        model={model}
        filterJson={route.query.get('filter') ?? undefined}
      />
    </section>
  );
}

interface PageState {
  items: Item[];
  next?: string;
  total?: number;
}

function ModelRecords({ overview, model, filterJson }: { overview: Overview; model: ModelInfo; filterJson?: string }) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [page, setPage] = useState<PageState>({ items: [] });
  const [editing, setEditing] = useState<Item | 'new'>();
  const list = useAction();
  const loading = useRef(false);
  const conditions = parseConditions(filterJson);

  const fetchPage = useCallback(
    async (next?: string) => {
      if (loading.current) return;
      loading.current = true;
      const sort = sorting[0];
      await list.run(async () => {
        const url = apiUrl(`models/${encodeURIComponent(model.name)}/records`, {
          filter: filterJson,
          sort: sort?.id,
          dir: sort ? (sort.desc ? 'desc' : 'asc') : undefined,
          limit: PAGE,
          next,
        });
        const r = await api<{ items: Item[]; next?: string | null; total?: number }>(url);
        setPage((prev) => ({
          items: next ? [...prev.items, ...r.items] : r.items,
          next: r.next ?? undefined,
          total: r.total ?? prev.total,
        }));
      });
      loading.current = false;
    },
    [model.name, filterJson, sorting, list.run],
  );
  useEffect(() => {
    void fetchPage();
  }, [fetchPage]);
  // no data: the stream was closed while the tab was hidden; re-read
  useConsoleEvent('record', (d) => (d === undefined ? void fetchPage() : applyRecordEvent(d, model, filterJson, setPage)));

  const applyFilter = (c: Condition[]) => {
    const f = toFilter(model, c);
    navigate(['data', model.name], f ? { filter: JSON.stringify(f) } : undefined);
  };
  const doneEditing = () => {
    setEditing(undefined);
    void fetchPage();
  };

  return (
    <>
      <FilterBar model={model} conditions={conditions} onApply={applyFilter} />
      <div className="grid-tools">
        <button type="button" onClick={() => setEditing('new')}>
          New {model.name}
        </button>
        <span className="muted" data-testid="record-count">
          {page.items.length.toLocaleString()} loaded
          {page.total !== undefined ? ` of ${page.total.toLocaleString()}` : page.next ? ', more below' : ''}
        </span>
        {filterJson && <a href={href(['data', model.name])}>Clear filter</a>}
      </div>
      <ErrorNote text={list.error} />
      {editing && <RecordForm model={model} item={editing === 'new' ? undefined : editing} onDone={doneEditing} />}
      <ModelGrid
        overview={overview}
        model={model}
        items={page.items}
        hasMore={Boolean(page.next)}
        loading={list.busy}
        sorting={sorting}
        fixedKeys={new Set(conditions.filter((c) => c.op === 'eq').map((c) => c.field))}
        onSortingChange={setSorting}
        onNeedMore={() => page.next && void fetchPage(page.next)}
        onOpen={setEditing}
      />
    </>
  );
}

function parseConditions(filterJson?: string): Condition[] {
  if (!filterJson) return [];
  try {
    return fromFilter(JSON.parse(filterJson));
  } catch {
    return [];
  }
}

/** A live change to this model: updated and deleted rows change in place, new ones show first when unfiltered. */
function applyRecordEvent(
  d: unknown,
  model: ModelInfo,
  filterJson: string | undefined,
  setPage: (f: (p: PageState) => PageState) => void,
): void {
  const e = d as { model?: string; op?: string; record?: Item };
  const item = e?.record;
  if (e?.model !== model.name || !item) return;
  const key = recordKey(model, item);
  setPage((p) => {
    const at = p.items.findIndex((i) => recordKey(model, i) === key);
    if (e.op === 'delete') return at < 0 ? p : { ...p, items: p.items.filter((_, i) => i !== at) };
    if (at >= 0) return { ...p, items: p.items.map((x, i) => (i === at ? { ...x, ...item } : x)) };
    return e.op === 'create' && !filterJson ? { ...p, items: [item, ...p.items] } : p;
  });
}
