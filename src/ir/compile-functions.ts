import { existsSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative } from 'node:path';
import { type CdkFunctionRecord, definitionOf } from '../backend/index.js';
import { HearthError } from '../util/errors.js';
import { compileCdkFunction } from './compile-cdk-function.js';
import { compileSchedules } from './compile-function-schedule.js';
import type { FunctionIR } from './types.js';

type FunctionProps = {
  name?: string;
  entry?: string;
  timeoutSeconds?: number;
  memoryMB?: number;
  environment?: Record<string, unknown>;
  hearthProvided?: CdkFunctionRecord;
  schedule?: unknown;
};

/** Assigns each function definition (by identity) its IR; the same object always gets the same name. */
export class FunctionTable {
  private readonly byDef = new Map<unknown, FunctionIR>();

  constructor(private readonly projectRoot: string) {}

  add(def: unknown): FunctionIR {
    const known = this.byDef.get(def);
    if (known) return known;
    const d = definitionOf(def);
    if (d?.kind !== 'function') throw new HearthError('ConfigError', 'Expected a defineFunction(...) result.');
    const fn = compileFunction(d as { props: FunctionProps; definedIn: string }, this.projectRoot);
    const clash = [...this.byDef.values()].find((f) => f.name === fn.name);
    if (clash) {
      throw new HearthError(
        'ConfigError',
        `Two functions are named "${fn.name}" (${rel(this.projectRoot, clash.definedIn)} and ${rel(this.projectRoot, fn.definedIn)}); give one a different name.`,
      );
    }
    this.byDef.set(def, fn);
    return fn;
  }

  all(): FunctionIR[] {
    return [...this.byDef.values()];
  }
}

function compileFunction(d: { props: FunctionProps; definedIn: string }, projectRoot: string): FunctionIR {
  const { props, definedIn } = d;
  const where = rel(projectRoot, definedIn);
  if (props.hearthProvided) return compileProvided(props.hearthProvided, { projectRoot, where, definedIn });
  const dir = dirname(definedIn);
  const entry = props.entry ? (isAbsolute(props.entry) ? props.entry : join(dir, props.entry)) : join(dir, 'handler.ts');
  if (!existsSync(entry)) {
    throw new HearthError(
      'ConfigError',
      `${where}: the function's handler ${rel(projectRoot, entry)} does not exist (set \`entry\` or add the file).`,
    );
  }
  const name = props.name ?? (props.entry ? basename(entry, extname(entry)) : basename(dir));
  const timeoutSeconds = checkedTimeout(props.timeoutSeconds ?? 3, where);
  return {
    name,
    entry,
    definedIn,
    timeoutSeconds,
    memoryMB: props.memoryMB ?? 512,
    environment: resolveEnvironment(props.environment ?? {}, where),
    dataAccess: false,
    ...(props.schedule !== undefined && { schedules: compileSchedules(props.schedule, { where, timeoutSeconds }) }),
  };
}

function checkedTimeout(timeoutSeconds: number, where: string): number {
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 900) {
    throw new HearthError('ConfigError', `${where}: timeoutSeconds must be a whole number from 1 to 900.`);
  }
  return timeoutSeconds;
}

/** `defineFunction((scope) => new NodejsFunction(…))`: Lambda's defaults (3 s, 128 MB) unless the construct sets them. */
function compileProvided(r: CdkFunctionRecord, c: { projectRoot: string; where: string; definedIn: string }): FunctionIR {
  const parts = compileCdkFunction(r, c);
  return {
    name: parts.name,
    entry: parts.entry,
    handler: parts.handler,
    definedIn: c.definedIn,
    timeoutSeconds: checkedTimeout(parts.timeoutSeconds ?? 3, c.where),
    memoryMB: parts.memoryMB ?? 128,
    environment: resolveEnvironment(parts.environment, c.where),
    dataAccess: false,
  };
}

function resolveEnvironment(env: Record<string, unknown>, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (typeof value === 'string') out[key] = value;
    else if (value && typeof value === 'object' && 'hearthSecret' in value) {
      const name = String((value as { hearthSecret: string }).hearthSecret);
      const v = process.env[name];
      if (v === undefined)
        throw new HearthError('ConfigError', `${where}: secret('${name}') is not set; export ${name}=… before starting Hearth.`);
      out[key] = v;
    } else throw new HearthError('ConfigError', `${where}: environment.${key} must be a string or secret(...).`);
  }
  return out;
}

export function rel(root: string, file: string): string {
  return relative(root, file) || file;
}
