/**
 * Dependencies run one way (ARCHITECTURE.md "Layout"): a folder may import only the folders listed
 * for it. A new arrow is a design decision: add it here on purpose, not by accident.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../support/app-copy.js';

const src = join(repoRoot, 'src');

const allowed: Record<string, string[]> = {
  util: [],
  types: [],
  ir: ['util', 'backend'], // the compiler reads the definitions `define*` return
  backend: [],
  client: [],
  'function-runtime': [],
  project: ['util', 'backend'],
  db: ['util', 'ir'],
  // file storage: path rules compiled by ir, object rows through db ports, bytes through its own blob stores
  storage: ['util', 'ir', 'db'],
  auth: ['util', 'ir', 'db', 'functions', 'mail'],
  data: ['util', 'ir', 'db', 'auth'],
  // functions write the model introspection file their data client reads
  functions: ['util', 'ir', 'auth', 'codegen'],
  mail: ['util', 'db'],
  codegen: ['util', 'ir'],
  protocols: ['util', 'ir', 'auth', 'data', 'functions', 'mail', 'db', 'storage'],
  server: ['util', 'ir', 'db', 'auth', 'data', 'functions', 'mail', 'storage', 'protocols', 'codegen', 'project'],
  cli: ['util', 'ir', 'server', 'codegen', 'project', 'data'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

it('keeps every import of src/ inside the allowed direction', () => {
  const violations: string[] = [];
  for (const file of files(src)) {
    const [from] = relative(src, file).split('/');
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/from '(\.[^']+)'/g)) {
      const target = relative(src, join(file, '..', m[1] as string)).split('/')[0] as string;
      if (target === from || !(target in allowed)) continue;
      // type-only contracts may be shared across layers; runtime imports may not
      const typeOnly = new RegExp(`import type [^;]*from '${(m[1] as string).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}'`).test(text);
      if (!allowed[from as string]?.includes(target) && !typeOnly) violations.push(`${relative(repoRoot, file)} → ${target}`);
    }
  }
  expect(violations).toEqual([]);
});
