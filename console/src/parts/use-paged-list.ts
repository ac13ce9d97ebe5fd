/**
 * A list read page by page with the API's `next` token: the first page whenever `url` changes
 * (a new search), `loadMore()` appends the next, `reload()` re-reads the first. A late answer to an
 * older request never replaces a newer one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api.js';
import { useAction, useFreshness } from './use-async.js';

export interface PagedList<T> {
  items: T[];
  next?: string;
  busy: boolean;
  error?: string;
  reload: () => void;
  loadMore: () => void;
}

/** `url(next)` builds the request; `pick` takes the items out of the answer. */
export function usePagedList<T, R extends { next?: string | null }>(url: (next?: string) => string, pick: (r: R) => T[]): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string>();
  const act = useAction();
  const begin = useFreshness();
  const first = url();
  // `url` and `pick` are new functions on each render; what identifies the list is its first page's URL
  const make = useRef({ url, pick });
  make.current = { url, pick };
  const load = useCallback(
    (more?: string) =>
      act.run(async () => {
        const fresh = begin();
        const page = await api<R>(more ? make.current.url(more) : first);
        if (!fresh()) return;
        const got = make.current.pick(page);
        setItems((prev) => (more ? [...prev, ...got] : got));
        setNext(page.next ?? undefined);
      }),
    [first, act.run, begin],
  );
  useEffect(() => {
    void load();
  }, [load]);
  return { items, next, busy: act.busy, error: act.error, reload: () => void load(), loadMore: () => next && void load(next) };
}
