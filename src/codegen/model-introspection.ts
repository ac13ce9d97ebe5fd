import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataIR } from '../ir/types.js';
import { loadModelGenerator } from './graphql-generator.js';

const cache = new Map<string, object>();

/**
 * The model introspection schema the client needs for `client.models.*` (reference §5.1).
 *
 * Amplify builds it from the *input* (directive-annotated) SDL with
 * `generateModelsSync({ target: 'introspection' })` and the default Amplify directive set; so do
 * we, from `DataIR.inputSdl`, so the JSON is byte-for-byte what `ampx` would upload.
 * Memoised per SDL; with `cacheDir`, also on disk, because loading the generator costs about a
 * second and the sandbox must be ready well before that on every start but the first.
 */
export function buildModelIntrospection(data: DataIR, o: { cacheDir?: string } = {}): object {
  const hit = cache.get(data.inputSdl);
  if (hit) return hit;
  const file =
    o.cacheDir && join(o.cacheDir, `model-introspection-${createHash('sha256').update(data.inputSdl).digest('hex').slice(0, 16)}.json`);
  const introspection = (file && readCached(file)) || generate(data.inputSdl);
  if (file) {
    mkdirSync(o.cacheDir as string, { recursive: true });
    writeFileSync(file, JSON.stringify(introspection));
  }
  cache.set(data.inputSdl, introspection);
  return introspection;
}

function generate(sdl: string): object {
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
