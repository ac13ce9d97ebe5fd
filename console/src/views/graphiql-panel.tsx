/**
 * GraphiQL itself (the `graphiql` package), loaded on demand. Its fetcher posts to the console's
 * `api/graphql` with the identity chosen in the view; the fetcher stays the same function across
 * switches (it reads the ref), so GraphiQL loads the schema once instead of on every switch.
 */
import type { FetcherParams } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import css from 'graphiql/style.css?inline';
import { type RefObject, useEffect, useMemo } from 'react';
import { api, ConsoleApiError } from '../api.js';
import type { ExplorerAuth } from './api-explorer-view.js';

function useInlineStyle(text: string): void {
  useEffect(() => {
    const style = document.createElement('style');
    style.dataset.owner = 'graphiql';
    style.textContent = text;
    document.head.append(style);
    return () => style.remove();
  }, [text]);
}

export default function GraphiqlPanel({
  authRef,
  query,
  defaultQuery,
}: {
  authRef: RefObject<ExplorerAuth>;
  query?: string;
  defaultQuery: string;
}) {
  useInlineStyle(css);
  const fetcher = useMemo(
    () => async (params: FetcherParams) => {
      try {
        return await api<Record<string, unknown>>('graphql', { method: 'POST', graphql: true, body: { ...params, auth: authRef.current } });
      } catch (e) {
        // a refusal by the console API itself (not AppSync's own errors, which come back as 200s)
        if (e instanceof ConsoleApiError) return { errors: [{ errorType: e.code, message: e.message }] };
        throw e;
      }
    },
    [authRef],
  );
  return (
    <div className="graphiql-host">
      <GraphiQL
        fetcher={fetcher}
        query={query}
        defaultQuery={defaultQuery}
        defaultEditorToolsVisibility={false}
        shouldPersistHeaders={false}
      />
    </div>
  );
}
