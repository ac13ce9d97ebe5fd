/**
 * One model's records in a virtualised grid (TanStack Table for columns and sort state, TanStack
 * Virtual for rows): only the rows in view are in the DOM, and the next page (keyset `next`
 * token, so page 1,000 costs what page 1 does) is fetched as the scroll nears the end.
 */
import { type ColumnDef, flexRender, getCoreRowModel, type SortingState, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, type RefObject, useEffect, useMemo, useRef } from 'react';
import type { ModelInfo, Overview } from '../types.js';
import { columnWidth, type Item, relatedHref, showValue, sortKeys } from './data-model.js';

const ROW_HEIGHT = 34;

interface Props {
  overview: Overview;
  model: ModelInfo;
  items: Item[];
  hasMore: boolean;
  loading: boolean;
  sorting: SortingState;
  /** the partition keys the filter fixes with `eq` (their sort keys can sort) */
  fixedKeys: Set<string>;
  onSortingChange: (s: SortingState) => void;
  onNeedMore: () => void;
  onOpen: (item: Item) => void;
}

export function ModelGrid(p: Props) {
  const onOpen = useRef(p.onOpen);
  onOpen.current = p.onOpen;
  const columns = useMemo(() => columnsOf(p.overview, p.model, onOpen), [p.overview, p.model]);
  const sortable = useMemo(() => sortKeys(p.model), [p.model]);
  const table = useReactTable({
    data: p.items,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableMultiSort: false,
    state: { sorting: p.sorting },
    onSortingChange: (u) => p.onSortingChange(typeof u === 'function' ? u(p.sorting) : u),
  });
  const scroller = useRef<HTMLDivElement>(null);
  const rows = table.getRowModel().rows;
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const visible = virtual.getVirtualItems();
  const last = visible[visible.length - 1];
  const nearEnd = Boolean(last && last.index >= rows.length - 30);
  const { hasMore, loading, onNeedMore } = p;
  useEffect(() => {
    if (nearEnd && hasMore && !loading) onNeedMore();
  }, [nearEnd, hasMore, loading, onNeedMore]);
  const width = table.getTotalSize();

  return (
    <div className="data-grid" ref={scroller}>
      <table aria-label={`${p.model.name} records`} aria-rowcount={hasMore ? -1 : rows.length + 1} style={{ width }}>
        <thead>
          <tr>
            {table.getFlatHeaders().map((h) => {
              const dir = h.column.getIsSorted();
              return (
                <th key={h.id} aria-sort={dir ? (dir === 'asc' ? 'ascending' : 'descending') : undefined} style={{ width: h.getSize() }}>
                  <SortableHeader
                    id={h.column.id}
                    partitionKey={sortable.get(h.column.id)}
                    fixed={p.fixedKeys}
                    dir={dir}
                    onSort={h.column.getToggleSortingHandler()}
                  >
                    {flexRender(h.column.columnDef.header, h.getContext())}
                  </SortableHeader>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody style={{ height: virtual.getTotalSize() }}>
          {visible.map((v) => {
            const row = rows[v.index]!;
            return (
              <tr key={row.id} aria-rowindex={v.index + 2} style={{ transform: `translateY(${v.start}px)`, width }}>
                {row.getVisibleCells().map((c) => (
                  <td key={c.id} style={{ width: c.column.getSize() }}>
                    {flexRender(c.column.columnDef.cell, c.getContext())}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {!rows.length && !loading && <p className="empty">No records.</p>}
    </div>
  );
}

interface HeaderProps {
  id: string;
  partitionKey?: string;
  fixed: Set<string>;
  dir: false | 'asc' | 'desc';
  onSort?: (e: unknown) => void;
  children: ReactNode;
}

/** A sort key's header: a sort button once its partition key is fixed, else a hint saying how. */
function SortableHeader({ id, partitionKey, fixed, dir, onSort, children }: HeaderProps) {
  if (!partitionKey) return <>{children}</>;
  if (!fixed.has(partitionKey))
    return (
      <span title={`Filter ${partitionKey} eq … to sort by ${id} (an index sorts within one ${partitionKey})`}>
        {children} <span className="muted">↕</span>
      </span>
    );
  return (
    <button type="button" className="link" onClick={onSort} title={`Sort by ${id}`}>
      {children} {dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : '↕'}
    </button>
  );
}

function columnsOf(overview: Overview, model: ModelInfo, onOpen: RefObject<(item: Item) => void>): ColumnDef<Item>[] {
  const edit: ColumnDef<Item> = {
    id: '_edit',
    header: '',
    size: 56,
    cell: (c) => (
      <button type="button" className="link" onClick={() => onOpen.current(c.row.original)} aria-label="Edit record">
        Edit
      </button>
    ),
  };
  const fields = model.fields.map<ColumnDef<Item>>((f) => ({
    id: f.name,
    accessorFn: (item) => item[f.name],
    header: () => (
      <span title={`${f.isList ? `[${f.type}]` : f.type}${f.required ? '!' : ''}`}>
        {f.name}
        <small className="type"> {f.relation ? f.relation.model : f.type}</small>
      </span>
    ),
    size: columnWidth(f),
    cell: (c) => {
      if (!f.relation) return <span className={`v-${f.type}`}>{showValue(c.getValue())}</span>;
      const link = relatedHref(overview, model, f, c.row.original);
      return link ? <a href={link}>{f.relation.kind === 'belongsTo' ? 'open' : 'list'} →</a> : null;
    },
  }));
  return [edit, ...fields];
}
