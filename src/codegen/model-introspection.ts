import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataIR } from '../ir/types.js';
import { loadModelGenerator } from './graphql-generator.js';
import { buildIntrospection } from './introspection/index.js';

const cache = new Map<string, object>();

/**
 * The model introspection schema the client needs for `client.models.*` (reference §5.1).
 *
 * Amplify builds it from the *input* (directive-annotated) SDL with `@aws-amplify/graphql-generator`
 * (`generateModelsSync({ target: 'introspection' })`). Hearth builds the same JSON natively from
 * `DataIR.inputSdl` (./introspection/), so no start loads the generator (about a second); the
 * generator stays the test oracle (model-introspection-oracle.test.ts) and the fallback for SDL
 * the native builder does not model (many-to-many, v1 `@key`, AI directives): only then is the
 * result also cached on disk under `cacheDir`. Memoised per SDL.
 */
export function buildModelIntrospection(data: DataIR, o: { cacheDir?: string } = {}): object {
  const hit = cache.get(data.inputSdl);
  if (hit) return hit;
  const introspection = native(data.inputSdl) ?? fromGenerator(data.inputSdl, o.cacheDir);
  cache.set(data.inputSdl, introspection);
  return introspection;
}

/** The native build, or undefined where the generator must answer (including errors: its message is the one users know). */
function native(sdl: string): object | undefined {
  try {
    return buildIntrospection(sdl);
  } catch {
    return undefined;
  }
}

function fromGenerator(sdl: string, cacheDir: string | undefined): object {
  const file = cacheDir && join(cacheDir, `model-introspection-${createHash('sha256').update(sdl).digest('hex').slice(0, 16)}.json`);
  const introspection = (file && readCached(file)) || generateWithGenerator(sdl);
  if (file) {
    mkdirSync(cacheDir as string, { recursive: true });
    writeFileSync(file, JSON.stringify(introspection));
  }
  return introspection;
}

/** What `@aws-amplify/graphql-generator` builds from the SDL: the fallback, and the oracle the native build is tested against. */
export function generateWithGenerator(sdl: string): object {
  const { generateModelsSync } = loadModelGenerator();
  const files = generateModelsSync({ schema: sdl, target: 'introspection' });
  const json = files['model-introspection.json'];
  if (json === undefined) throw new Error('graphql-generator produced no model-introspection.json');
  return JSON.parse(json) as object;
}

function readCached(file: string): object | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as object;
  } catch {
    return undefined;
  }
}
