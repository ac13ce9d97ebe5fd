import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { type CdkFunctionRecord, type CdkRuntime, cdkCodeOf } from '../backend/index.js';
import { HearthError } from '../util/errors.js';

/** What a CDK-built function gives the FunctionIR; the rest (name checks, env, schedules) is compile-functions'. */
export interface CdkFunctionParts {
  name: string;
  entry: string;
  /** the handler's export name */
  handler: string;
  timeoutSeconds?: number;
  memoryMB?: number;
  environment: Record<string, unknown>;
}

interface Ctx {
  projectRoot: string;
  /** the resource file, relative, for messages */
  where: string;
  definedIn: string;
}

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cjs', '.cts'];

/**
 * `defineFunction((scope) => new NodejsFunction(…) | new Function(…))` → the parts of a FunctionIR.
 * Props Hearth does not apply were reported when the construct was built (src/backend/cdk-lambda.ts).
 * Hearth runs Node.js handlers only: another runtime, a container image or code in a bucket stops
 * the start with an error naming it, the function and the resource file.
 * See https://docs.amplify.aws/react/build-a-backend/functions/custom-functions/
 */
export function compileCdkFunction(r: CdkFunctionRecord, c: Ctx): CdkFunctionParts {
  const label = `new ${r.construct}(scope${r.id ? `, '${r.id}'` : ''}, …)`;
  const fail = (why: string): never => {
    throw new HearthError('NotSupported', `${c.where}: defineFunction((scope) => ${label}) ${why}; Hearth runs Node.js functions only.`);
  };
  if (r.construct !== 'lambda.Function' && r.construct !== 'lambda-nodejs.NodejsFunction') {
    fail(r.construct === 'lambda.DockerImageFunction' ? 'runs a container image' : `builds a ${r.construct}, which Hearth does not model`);
  }
  const p = r.props;
  const runtime = p.runtime as CdkRuntime | undefined;
  if (runtime && runtime.family !== 'NODEJS') fail(`uses the ${runtime.name} runtime`);
  const nodejs = r.construct === 'lambda-nodejs.NodejsFunction';
  if (!nodejs && !runtime) fail('has no runtime');
  const { entry, handler } = nodejs ? nodejsEntry(r, c) : assetEntry(r, c, fail);
  return {
    name: String(p.functionName ?? r.id),
    entry,
    handler,
    ...(p.timeout !== undefined && { timeoutSeconds: seconds(p.timeout, c.where) }),
    ...(p.memorySize !== undefined && { memoryMB: Number(p.memorySize) }),
    environment: (p.environment as Record<string, unknown> | undefined) ?? {},
  };
}

function seconds(d: unknown, where: string): number {
  const s = (d as { toSeconds?: () => unknown })?.toSeconds?.();
  if (typeof s !== 'number') throw new HearthError('ConfigError', `${where}: timeout must be a Duration (Duration.seconds(20)).`);
  return s;
}

/** NodejsFunction: `entry` (CDK resolves it from the working directory, ampx's is the app root; the resource file's folder also works), `handler` the export. */
function nodejsEntry(r: CdkFunctionRecord, c: Ctx): { entry: string; handler: string } {
  const given = r.props.entry as string | undefined;
  const handler = String(r.props.handler ?? 'handler')
    .split('.')
    .pop()!;
  if (given === undefined) {
    // CDK's default: `<defining file>.<id>.ts` beside the file that builds the construct
    const base = c.definedIn.replace(/\.[cm]?[jt]s$/, '');
    const entry = SOURCE_EXTENSIONS.map((x) => `${base}.${r.id}${x}`).find((f) => existsSync(f));
    if (entry) return { entry, handler };
    throw new HearthError('ConfigError', `${c.where}: NodejsFunction '${r.id}' has no entry, and ${base}.${r.id}.ts does not exist.`);
  }
  const candidates = isAbsolute(given) ? [given] : [resolve(c.projectRoot, given), resolve(dirname(c.definedIn), given)];
  const entry = candidates.find((f) => existsSync(f) && statSync(f).isFile());
  if (!entry)
    throw new HearthError(
      'ConfigError',
      `${c.where}: NodejsFunction '${r.id}' entry ${given} does not exist (looked at ${candidates.join(', ')}).`,
    );
  return { entry, handler };
}

/** Function: `Code.fromAsset(dir)` + `handler: 'index.handler'` is `<dir>/index.{js,mjs,ts…}`, export `handler`. */
function assetEntry(r: CdkFunctionRecord, c: Ctx, fail: (why: string) => never): { entry: string; handler: string } {
  const code = cdkCodeOf(r.props.code);
  const spec = String(r.props.handler ?? '');
  const dot = spec.lastIndexOf('.');
  if (dot <= 0)
    throw new HearthError('ConfigError', `${c.where}: Function '${r.id}' handler must be '<file>.<export>', e.g. 'index.handler'.`);
  const [file, handler] = [spec.slice(0, dot), spec.slice(dot + 1)];
  if (!code) return fail('has no code (Code.fromAsset(dir) or Code.fromInline(source))');
  if (code.kind !== 'asset' && code.kind !== 'inline') return fail(`takes its code from ${code.how}`);
  if (code.kind === 'inline') {
    // Lambda runs inline code as index.js (CommonJS); it lives beside the other bundles
    const dir = join(c.projectRoot, '.amplify', 'hearth', 'inline', r.id);
    mkdirSync(dir, { recursive: true });
    const entry = join(dir, `${file}.cjs`);
    writeFileSync(entry, code.source);
    return { entry, handler };
  }
  const dir = [isAbsolute(code.path) ? code.path : resolve(c.projectRoot, code.path), resolve(dirname(c.definedIn), code.path)].find(
    (d) => existsSync(d) && statSync(d).isDirectory(),
  );
  if (!dir) throw new HearthError('ConfigError', `${c.where}: Function '${r.id}': Code.fromAsset('${code.path}') is not a folder.`);
  const entry = SOURCE_EXTENSIONS.map((x) => join(dir, `${file}${x}`)).find((f) => existsSync(f));
  if (!entry) {
    throw new HearthError(
      'ConfigError',
      `${c.where}: Function '${r.id}': handler '${spec}' needs ${join(dir, file)}.js (or .mjs, .cjs, .ts).`,
    );
  }
  return { entry, handler };
}
