/**
 * Storage: buckets, then folders and files under a path (`delimiter=/` makes the folders), with
 * image previews, upload into the current path and delete. Every call goes through the storage
 * service behind the console API.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, apiUrl } from '../api.js';
import { ErrorNote } from '../parts/error-note.js';
import { useAction, when } from '../parts/use-async.js';
import { href, type Route } from '../route.js';
import { nameOf, type Overview, type StorageObject } from '../types.js';

interface Listing {
  objects?: StorageObject[];
  items?: StorageObject[];
  prefixes?: string[];
  folders?: string[];
  next?: string;
}

const IMAGE = /\.(png|jpe?g|gif|webp|svg|avif)$/i;

export function StorageView({ overview, route }: { overview: Overview; route: Route }) {
  const buckets = overview.buckets.map(nameOf);
  const bucket = route.parts[1] ?? buckets[0];
  if (!bucket) return <p className="empty">This backend has no storage (defineStorage).</p>;
  const prefix = route.query.get('prefix') ?? '';
  return (
    <section>
      <header className="view-head">
        <h1>Storage</h1>
        <nav className="chips" aria-label="Buckets">
          {buckets.map((b) => (
            <a key={b} href={href(['storage', b])} aria-current={b === bucket ? 'page' : undefined}>
              {b}
            </a>
          ))}
        </nav>
      </header>
      <Breadcrumbs bucket={bucket} prefix={prefix} />
      <Objects key={`${bucket}/${prefix}`} bucket={bucket} prefix={prefix} />
    </section>
  );
}

function Breadcrumbs({ bucket, prefix }: { bucket: string; prefix: string }) {
  const parts = prefix.split('/').filter(Boolean);
  return (
    <p className="crumbs">
      <a href={href(['storage', bucket])}>{bucket}</a>
      {parts.map((p, i) => (
        <span key={parts.slice(0, i + 1).join('/')}>
          {' / '}
          <a href={href(['storage', bucket], { prefix: `${parts.slice(0, i + 1).join('/')}/` })}>{p}</a>
        </span>
      ))}
    </p>
  );
}

function Objects({ bucket, prefix }: { bucket: string; prefix: string }) {
  const [listing, setListing] = useState<{ objects: StorageObject[]; prefixes: string[]; next?: string }>({ objects: [], prefixes: [] });
  const act = useAction();
  const b = encodeURIComponent(bucket);
  const load = useCallback(
    (more?: string) =>
      act.run(async () => {
        const r = await api<Listing>(apiUrl(`buckets/${b}/objects`, { prefix, delimiter: '/', next: more }));
        const objects = r.objects ?? r.items ?? [];
        setListing((prev) => ({
          objects: more ? [...prev.objects, ...objects] : objects,
          prefixes: more ? [...prev.prefixes, ...(r.prefixes ?? r.folders ?? [])] : (r.prefixes ?? r.folders ?? []),
          next: r.next ?? undefined,
        }));
      }),
    [b, prefix, act.run],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function upload(files: FileList | null) {
    for (const f of files ?? []) {
      const body = { contentType: f.type || 'application/octet-stream', base64: await base64Of(f) };
      await act.run(() => api(apiUrl(`buckets/${b}/object`, { key: `${prefix}${f.name}` }), { method: 'PUT', body }));
    }
    await load();
  }
  async function remove(key: string) {
    if (confirm(`Delete ${key}?`) && (await act.run(() => api(apiUrl(`buckets/${b}/object`, { key }), { method: 'DELETE' })))) await load();
  }

  return (
    <>
      <label className="upload button">
        Upload to {prefix || '/'}
        <input type="file" multiple onChange={(e) => void upload(e.target.files)} />
      </label>
      <ErrorNote text={act.error} />
      <ul className="objects">
        {listing.prefixes.map((p) => (
          <li key={p} className="folder">
            <a href={href(['storage', bucket], { prefix: p })}>📁 {p.slice(prefix.length)}</a>
          </li>
        ))}
        {listing.objects.map((o) => (
          <ObjectItem key={o.key} bucket={b} object={o} prefix={prefix} onDelete={() => void remove(o.key)} />
        ))}
      </ul>
      {!listing.objects.length && !listing.prefixes.length && !act.busy && <p className="empty">Nothing under this path.</p>}
      {listing.next && (
        <button type="button" onClick={() => void load(listing.next)}>
          Load more
        </button>
      )}
    </>
  );
}

function ObjectItem({
  bucket,
  object: o,
  prefix,
  onDelete,
}: {
  bucket: string;
  object: StorageObject;
  prefix: string;
  onDelete: () => void;
}) {
  const url = apiUrl(`buckets/${bucket}/object`, { key: o.key });
  return (
    <li className="object card">
      {IMAGE.test(o.key) || o.contentType?.startsWith('image/') ? (
        <img src={url} alt={o.key} loading="lazy" />
      ) : (
        <span className="file-icon">📄</span>
      )}
      <a href={url} target="_blank" rel="noreferrer">
        {o.key.slice(prefix.length)}
      </a>
      <span className="muted">
        {o.size !== undefined ? sizeText(o.size) : ''} {when(o.lastModified)}
      </span>
      <button type="button" className="danger" onClick={onDelete}>
        Delete
      </button>
    </li>
  );
}

/** The file's bytes as base64 (the console API takes uploads as JSON, within its 1 MiB body limit). */
async function base64Of(f: Blob): Promise<string> {
  const bytes = new Uint8Array(await f.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function sizeText(n: number): string {
  if (n < 1024) return `${n} B`;
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}
