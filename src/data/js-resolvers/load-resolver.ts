import type { Message } from 'esbuild';
import { HearthError } from '../../util/errors.js';
import { esbuild } from '../../util/esbuild.js';
import type { AppSyncRuntime } from './appsync-runtime.js';

/** A resolver file's handlers (APPSYNC_JS: both synchronous). */
export interface ResolverModule {
  request?: (ctx: unknown) => unknown;
  response?: (ctx: unknown) => unknown;
}

const UTILS = '@aws-appsync/utils';

/**
 * Bundles a resolver with esbuild (its own relative imports inlined) and evaluates it in a function
 * scope whose `require('@aws-appsync/utils')` answers Hearth's shim. Bundled to
 * CommonJS in memory so nothing is written to the app and each load is fresh (edits apply on
 * the next data service, which a schema reload builds). Synchronous (tens of milliseconds, once
 * per file) because a subscription's start runs its resolver and answers synchronously.
 */
export function loadResolver(entry: string, runtime: AppSyncRuntime): ResolverModule {
  let code: string;
  try {
    const result = esbuild().buildSync({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'neutral',
      target: 'es2022',
      logLevel: 'silent',
      // the one module APPSYNC_JS code may import; it stays a require() the loader answers
      external: [UTILS],
    });
    code = result.outputFiles[0]?.text ?? '';
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    const detail = errors?.length ? errors.map(formatMessage).join('\n') : String(e);
    throw new HearthError('ConfigError', `The resolver ${entry} does not compile: ${detail}`, e);
  }
  const mod: { exports: ResolverModule } = { exports: {} };
  const require = (name: string) => {
    if (name === UTILS) return runtime.module;
    throw new HearthError('NotSupported', `The resolver ${entry} imports '${name}'; APPSYNC_JS resolvers may import only ${UTILS}.`);
  };
  try {
    new Function('module', 'exports', 'require', code)(mod, mod.exports, require);
  } catch (e) {
    if (e instanceof HearthError) throw e;
    throw new HearthError('ConfigError', `The resolver ${entry} failed to load: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  return mod.exports;
}

function formatMessage(m: Message): string {
  const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : '';
  return `${where}${m.text}`;
}
