import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Generator from '@aws-amplify/graphql-generator';

type ResolveFilename = (request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]) => string;
type ModuleWithResolver = typeof Module & { _resolveFilename: ResolveFilename };

const require = createRequire(import.meta.url);
const PEER_HOISTED = /[\\/]node_modules[\\/]@graphql-(tools|codegen)[\\/]/;
let loaded: typeof Generator | undefined;

/**
 * Loads `@aws-amplify/graphql-generator` (the library `ampx` uses) so that it sees one graphql.
 *
 * Why the resolver hook: the generator pins graphql 15 and gets its own nested copy, but npm hoists
 * its peer-dependent helpers (`@graphql-tools/*`, `@graphql-codegen/*`) to the top, where they
 * resolve Hearth's graphql 16. Schema objects then cross two graphql realms and the generator
 * throws "Cannot use GraphQLScalarType from another module or realm". The hook sends `graphql`
 * requests from those helpers (used only by the generator, see `npm ls @graphql-tools/utils`) to
 * the generator's copy; every other `graphql` import is untouched.
 *
 * Loading takes about a second (prettier, codegen plugins): call it off the sandbox's hot path.
 */
export function loadGraphqlGenerator(): typeof Generator {
  loaded ??= withGeneratorGraphql(() => require('@aws-amplify/graphql-generator') as typeof Generator);
  return loaded;
}

/**
 * Only the model generator (`lib/models.js`, the introspection path): about half the load time of
 * the whole package, which matters because the sandbox needs it on a fresh app's first start.
 */
export function loadModelGenerator(): Pick<typeof Generator, 'generateModelsSync'> {
  if (loaded) return loaded;
  loadedModels ??= withGeneratorGraphql(
    () => require('@aws-amplify/graphql-generator/lib/models.js') as Pick<typeof Generator, 'generateModelsSync'>,
  );
  return loadedModels;
}

let loadedModels: Pick<typeof Generator, 'generateModelsSync'> | undefined;
let hooked = false;

function withGeneratorGraphql<T>(load: () => T): T {
  if (!hooked) {
    const generatorDir = dirname(require.resolve('@aws-amplify/graphql-generator/package.json'));
    const fromGenerator = createRequire(join(generatorDir, 'package.json'));
    const mod = Module as ModuleWithResolver;
    const original = mod._resolveFilename;
    mod._resolveFilename = function resolveGraphqlForGenerator(request, parent, ...rest) {
      const isGraphql = request === 'graphql' || request.startsWith('graphql/');
      if (isGraphql && parent?.filename && PEER_HOISTED.test(parent.filename)) return fromGenerator.resolve(request);
      return original.call(this, request, parent, ...rest);
    };
    hooked = true;
  }
  return load();
}
