import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { createBundleCache } from './backend-bundle-cache.js';

const root = mkdtempSync(join(tmpdir(), 'hearth-bundle-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** an app with backend.ts and data/resource.ts, a built bundle, and the cache over them */
function app(name: string) {
  const dir = join(root, name);
  mkdirSync(join(dir, 'amplify', 'data'), { recursive: true });
  mkdirSync(join(dir, 'out'));
  const entry = join(dir, 'amplify', 'backend.ts');
  const resource = join(dir, 'amplify', 'data', 'resource.ts');
  const hearthBackend = join(dir, 'hearth-backend.js');
  writeFileSync(entry, "import './data/resource';");
  writeFileSync(resource, 'export const data = 1;');
  writeFileSync(hearthBackend, 'export const defineBackend = 1;');
  const built = join(dir, 'out', 'built.mjs');
  writeFileSync(built, '// bundle v1');
  const metafile = { inputs: { [entry]: {}, [resource]: {}, 'hearth-amplify-backend:@aws-amplify/backend': {} }, outputs: {} };
  const cache = createBundleCache({ outDir: join(dir, 'out'), entry, hearthBackend });
  cache.save(built, metafile as unknown as Metafile);
  const reused = (): string | undefined => {
    const target = join(dir, 'out', 'next.mjs');
    rmSync(target, { force: true });
    return cache.reuse(target) ? readFileSync(target, 'utf8') : undefined;
  };
  return { dir, resource, hearthBackend, reused };
}

const later = (file: string) => utimesSync(file, new Date(), new Date(Date.now() + 5000));

describe('the bundle cache of amplify/backend.ts', () => {
  it('gives the last bundle back while nothing it was built from changed', () => {
    expect(app('same').reused()).toBe('// bundle v1');
  });

  it('rebuilds after an edit of an imported file', () => {
    const a = app('edited');
    writeFileSync(a.resource, 'export const data = 2;');
    later(a.resource);
    expect(a.reused()).toBeUndefined();
  });

  it('rebuilds when a file appears beside an import (it may change what the import resolves to)', () => {
    const a = app('added');
    writeFileSync(join(a.dir, 'amplify', 'data', 'resource.js'), 'export const data = 3;');
    later(join(a.dir, 'amplify', 'data'));
    expect(a.reused()).toBeUndefined();
  });

  it("rebuilds when Hearth's backend module changed (its exports shape the import shims)", () => {
    const a = app('hearth');
    writeFileSync(a.hearthBackend, 'export const defineBackend = 1; export const defineStorage = 2;');
    later(a.hearthBackend);
    expect(a.reused()).toBeUndefined();
  });

  it('rebuilds when an input is gone', () => {
    const a = app('deleted');
    rmSync(a.resource);
    expect(a.reused()).toBeUndefined();
  });
});
