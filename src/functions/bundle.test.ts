import { appendFile, mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handlerFunction, tempProject } from '../../test/support/function-fakes.js';
import type { FunctionIR } from '../ir/types.js';
import { bundleFunction } from './bundle.js';

/** a handler importing a file beside it, bundled once, with a mark added to the bundle to see whether the next call rebuilt it */
async function bundled(): Promise<{ root: string; fn: FunctionIR; rebuilt: () => Promise<boolean> }> {
  const root = await tempProject('hearth-bundle-');
  const fn = await handlerFunction(root, 'greet', "import { word } from './word'; export const handler = async () => word;");
  await writeFile(join(root, 'amplify', 'greet', 'word.ts'), "export const word = 'hello';");
  const { outfile } = await bundleFunction(fn, root);
  await appendFile(outfile, '\n// kept\n');
  const rebuilt = async () => {
    const again = await bundleFunction(fn, root);
    return !(await readFile(again.outfile, 'utf8')).includes('// kept');
  };
  return { root, fn, rebuilt };
}

/** moves a file's mtime on, as an editor's save does */
const touch = (file: string) => utimes(file, new Date(), new Date(Date.now() + 5000));

describe('bundleFunction', () => {
  it('reuses the last bundle while nothing it was built from changed', async () => {
    const b = await bundled();
    expect(await b.rebuilt()).toBe(false);
  });

  it('rebuilds after an edit of a file the handler imports, and the bundle holds the edit', async () => {
    const b = await bundled();
    const word = join(b.root, 'amplify', 'greet', 'word.ts');
    await writeFile(word, "export const word = 'bonjour';");
    await touch(word);
    expect(await b.rebuilt()).toBe(true);
    expect(await readFile(join(b.root, '.amplify', 'hearth', 'functions', 'greet', 'index.mjs'), 'utf8')).toContain('bonjour');
  });

  it('rebuilds when the generated $amplify/env module appears (it replaces the process.env stand-in)', async () => {
    const b = await bundled();
    const envDir = join(b.root, '.amplify', 'generated', 'env');
    await mkdir(envDir, { recursive: true });
    await writeFile(join(envDir, 'greet.ts'), 'export const env = process.env as { GREETING: string };');
    expect(await b.rebuilt()).toBe(true);
  });

  it("rebuilds when the function's handler setting changed", async () => {
    const b = await bundled();
    await bundleFunction({ ...b.fn, handler: 'handler.handler' }, b.root);
    expect(await b.rebuilt()).toBe(true);
  });
});
