import type { DataIR } from '../ir/types.js';
import { loadGraphqlGenerator } from './graphql-generator.js';

const cache = new Map<string, object>();

/**
 * The model introspection schema the client needs for `client.models.*` (reference §5.1).
 *
 * Amplify builds it from the *input* (directive-annotated) SDL with
 * `generateModelsSync({ target: 'introspection' })` and the default Amplify directive set; so do
 * we, from `DataIR.inputSdl`, so the JSON is byte-for-byte what `ampx` would upload.
 * Memoised per SDL: the sandbox rebuilds outputs on every reload.
 */
export function buildModelIntrospection(data: DataIR): object {
  const hit = cache.get(data.inputSdl);
  if (hit) return hit;
  const { generateModelsSync } = loadGraphqlGenerator();
  const files = generateModelsSync({ schema: data.inputSdl, target: 'introspection' });
  const json = files['model-introspection.json'];
  if (json === undefined) throw new Error('graphql-generator produced no model-introspection.json');
  const introspection = JSON.parse(json) as object;
  cache.set(data.inputSdl, introspection);
  return introspection;
}
