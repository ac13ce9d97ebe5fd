/**
 * defineStorage access paths: the rules Amplify checks at synth time (amplify-backend
 * packages/backend-storage validate_storage_access_paths.ts, 1.6), restated, and the substitution
 * that turns a path into the IAM resource pattern a principal is granted (the same module's
 * storage_access_orchestrator.ts). The outputs' `paths` keys and the access check both use it.
 */
import { HearthError } from '../util/errors.js';
import type { StoragePrincipal } from './types.js';

export const ENTITY_TOKEN = '{entity_id}';
/** the IAM policy variable Amplify puts for `{entity_id}`; amplify-js replaces it with the identity id */
// biome-ignore lint/suspicious/noTemplateCurlyInString: the literal IAM variable, not a template
export const ENTITY_SUBSTITUTION = '${cognito-identity.amazonaws.com:sub}';

const bad = (where: string, message: string) => new HearthError('ConfigError', `${where}: ${message}`);

/**
 * Throws on the first path that breaks a rule:
 * - no leading `/`, ends in `/*`, no `//`, no `*` but the final one;
 * - at most one other path is a prefix of it (`a/*` may hold `a/b/*`, not also `a/b/c/*`);
 * - `{entity_id}`: at most once, as a whole segment, not the first, right before the final `/*`,
 *   and no other path may be a prefix of such a path.
 */
export function validateStoragePaths(paths: string[], where: string): void {
  for (const path of paths) {
    if (path.startsWith('/')) throw bad(where, `storage access paths must not start with "/". Found [${path}].`);
    if (!path.endsWith('/*')) throw bad(where, `storage access paths must end with "/*". Found [${path}].`);
    if (path.includes('//')) throw bad(where, `a storage access path cannot contain "//". Found [${path}].`);
    if (path.indexOf('*') < path.length - 1) throw bad(where, `wildcards are only allowed as the final part of a path. Found [${path}].`);
    const prefixes = paths.filter((p) => p !== path && path.startsWith(p.replaceAll('*', '')));
    if (prefixes.length > 1) {
      throw bad(
        where,
        `for any given path, only one other path can be a prefix of it. Found [${path}] which has prefixes [${prefixes.join(', ')}].`,
      );
    }
    if (path.includes(ENTITY_TOKEN)) validateEntityPath(path, prefixes, where);
  }
}

function validateEntityPath(path: string, prefixes: string[], where: string): void {
  if (prefixes.length > 0) {
    throw bad(
      where,
      `a path cannot be a prefix of another path that contains the ${ENTITY_TOKEN} token. Found [${path}] which has prefixes [${prefixes.join(', ')}].`,
    );
  }
  const parts = path.split(ENTITY_TOKEN);
  if (parts.length > 2) throw bad(where, `the ${ENTITY_TOKEN} token can only appear once in a path. Found [${path}].`);
  const [before = '', after] = parts;
  if (after !== '/*')
    throw bad(
      where,
      `the ${ENTITY_TOKEN} token must be the path part right before the ending wildcard, e.g. "foo/${ENTITY_TOKEN}/*". Found [${path}].`,
    );
  if (before === '')
    throw bad(where, `the ${ENTITY_TOKEN} token must not be the first path part, e.g. "foo/${ENTITY_TOKEN}/*". Found [${path}].`);
  if (!before.endsWith('/'))
    throw bad(where, `a path part that includes the ${ENTITY_TOKEN} token cannot include any other characters. Found [${path}].`);
}

/**
 * The pattern a principal is granted for a path. `{entity_id}` becomes the caller's identity for the
 * owner and `*` for everyone else, and `a/*\/*` folds to `a/*`: guests granted `media/{entity_id}/*`
 * may act on all of `media/`, as Amplify documents.
 */
export function grantedPattern(path: string, principal: StoragePrincipal): string {
  const pattern = path.replaceAll(ENTITY_TOKEN, principal.kind === 'entity' ? ENTITY_SUBSTITUTION : '*');
  return pattern.endsWith('/*/*') ? pattern.slice(0, -2) : pattern;
}
