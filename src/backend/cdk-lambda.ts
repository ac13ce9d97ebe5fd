import { IS_STAND_IN, standIn } from './escape-hatch-recorder.js';
import { currentHatchLog } from './registry.js';

/**
 * A Lambda function that `defineFunction((scope) => new Function(scope, id, props))` built, as
 * Hearth's model of `aws-cdk-lib/aws-lambda` and `aws-lambda-nodejs` recorded it. The IR compiler
 * (src/ir/compile-cdk-function.ts) serves Node.js ones through the normal function pipeline.
 */
export interface CdkFunctionRecord {
  /** `lambda.Function`, `lambda-nodejs.NodejsFunction`, or the stand-in path of another construct */
  construct: string;
  id: string;
  props: Record<string, unknown>;
  /** `file:line` of the `new …(scope, id, props)` */
  at: string;
}

/** `Runtime.NODEJS_20_X` and friends: Lambda's runtime identifier. */
export interface CdkRuntime {
  readonly name: string;
  readonly family: string;
}

/** `Code.fromAsset(path)`, `Code.fromInline(source)`, or a kind Hearth cannot run (image, bucket). */
export type CdkCode =
  | { kind: 'asset'; path: string; bundling: boolean }
  | { kind: 'inline'; source: string }
  | { kind: 'image' | 'bucket' | 'other'; how: string };

/**
 * What the stand-ins stand for, kept beside them. Global, because the user's backend imports
 * hearth/backend while the CLI's compiler may be a separate copy of this module (bundled).
 */
function shared<V>(name: string): WeakMap<object, V> {
  const g = globalThis as unknown as Record<symbol, WeakMap<object, V>>;
  const key = Symbol.for(`hearth.${name}`);
  g[key] ??= new WeakMap();
  return g[key];
}
const functions = shared<CdkFunctionRecord>('cdkFunctions');
const codes = shared<CdkCode>('cdkCodes');

export const cdkFunctionOf = (v: unknown): CdkFunctionRecord | undefined =>
  v !== null && (typeof v === 'object' || typeof v === 'function') ? functions.get(v as object) : undefined;
export const cdkCodeOf = (v: unknown): CdkCode | undefined =>
  v !== null && (typeof v === 'object' || typeof v === 'function') ? codes.get(v as object) : undefined;
/** The stand-in path of what a provider returned, to name it in errors (`lambda-go-alpha.GoFunction:say-hello`). */
export const standInPath = (v: unknown): string | undefined =>
  typeof v === 'function' ? ((v as unknown as Record<symbol, string>)[IS_STAND_IN] ?? undefined) : undefined;

/** `NODEJS_20_X` → `nodejs20.x`, `PYTHON_3_9` → `python3.9`, `PROVIDED_AL2023` → `provided.al2023`, `JAVA_21` → `java21`. */
export function runtimeName(member: string): string {
  const m = member.toLowerCase();
  if (m.startsWith('provided')) return m.replace('_', '.');
  return m
    .replace(/^([a-z]+)_/, '$1')
    .replace(/_(\d)/g, '.$1')
    .replace(/_x$/, '.x');
}

function runtime(name: string): CdkRuntime {
  // the family follows from the name (nodejs20.x → NODEJS); `new Runtime(name, RuntimeFamily.X)` gives both
  const family = (/^[a-z]+/.exec(name)?.[0] ?? name).toUpperCase();
  return { name, family, toString: () => name } as CdkRuntime;
}

const RUNTIME = new Proxy(
  function Runtime(name: string) {
    return runtime(String(name));
  },
  {
    get: (t, key) => (typeof key === 'string' && /^[A-Z][A-Z0-9_]*$/.test(key) ? runtime(runtimeName(key)) : Reflect.get(t, key)),
  },
);

function codeValue(code: CdkCode, path: string): unknown {
  const v = standIn(path, currentHatchLog);
  codes.set(v, code);
  return v;
}

const CODE = {
  fromAsset: (path: string, options?: { bundling?: unknown }) =>
    codeValue({ kind: 'asset', path: String(path), bundling: Boolean(options?.bundling) }, 'lambda.Code.fromAsset()'),
  fromInline: (source: string) => codeValue({ kind: 'inline', source: String(source) }, 'lambda.Code.fromInline()'),
  fromDockerBuild: () => codeValue({ kind: 'image', how: 'Code.fromDockerBuild' }, 'lambda.Code.fromDockerBuild()'),
  fromEcrImage: () => codeValue({ kind: 'image', how: 'Code.fromEcrImage' }, 'lambda.Code.fromEcrImage()'),
  fromAssetImage: () => codeValue({ kind: 'image', how: 'Code.fromAssetImage' }, 'lambda.Code.fromAssetImage()'),
  fromBucket: () => codeValue({ kind: 'bucket', how: 'Code.fromBucket' }, 'lambda.Code.fromBucket()'),
  fromBucketV2: () => codeValue({ kind: 'bucket', how: 'Code.fromBucketV2' }, 'lambda.Code.fromBucketV2()'),
  fromCfnParameters: () => codeValue({ kind: 'other', how: 'Code.fromCfnParameters' }, 'lambda.Code.fromCfnParameters()'),
  fromCustomCommand: () => codeValue({ kind: 'other', how: 'Code.fromCustomCommand' }, 'lambda.Code.fromCustomCommand()'),
};

/** Props Hearth applies to a function it runs (or that change nothing locally). */
const APPLIED = new Set(['handler', 'runtime', 'code', 'entry', 'timeout', 'memorySize', 'environment', 'functionName', 'description']);

/** "ignored by Hearth: lambda.Function:say-hello.layers in <file>:<line>", once at start (src/ir/compile-escape-hatches.ts). */
function reportUnapplied(r: CdkFunctionRecord): void {
  const log = currentHatchLog();
  for (const [k, v] of Object.entries(r.props)) {
    if (!APPLIED.has(k) && v !== undefined) log.ignored.push({ what: `${r.construct}:${r.id}.${k}`, at: r.at });
  }
  const code = cdkCodeOf(r.props.code);
  // Hearth bundles the handler itself, as it does for defineFunction({ entry })
  if (code?.kind === 'asset' && code.bundling) log.ignored.push({ what: `${r.construct}:${r.id}.code bundling`, at: r.at });
}

/** A function construct: its props are kept for the compiler; `addEnvironment` on it adds to them. */
function functionClass(path: string) {
  return standIn(path, currentHatchLog, {
    construct: (args, at) => {
      const id = typeof args[1] === 'string' ? args[1] : '';
      const props = { ...((args[2] as Record<string, unknown> | undefined) ?? {}) };
      const record: CdkFunctionRecord = { construct: path, id, props, at };
      reportUnapplied(record);
      const addEnvironment = function addEnvironment(name: string, value: unknown) {
        props.environment = { ...(props.environment as object), [name]: value };
        return made;
      };
      const made = standIn(`${path}:${id}`, currentHatchLog, { known: { addEnvironment, functionName: props.functionName ?? id } });
      functions.set(made, record);
      return made;
    },
  });
}

const DOCKER_IMAGE_CODE = {
  fromImageAsset: () => codeValue({ kind: 'image', how: 'DockerImageCode.fromImageAsset' }, 'lambda.DockerImageCode.fromImageAsset()'),
  fromEcr: () => codeValue({ kind: 'image', how: 'DockerImageCode.fromEcr' }, 'lambda.DockerImageCode.fromEcr()'),
};

/** The members of `aws-cdk-lib/aws-lambda` and `aws-lambda-nodejs` that Hearth models. */
const LAMBDA: Record<string, Record<string, () => unknown>> = {
  'aws-cdk-lib/aws-lambda': {
    Function: () => functionClass('lambda.Function'),
    DockerImageFunction: () => functionClass('lambda.DockerImageFunction'),
    Runtime: () => RUNTIME,
    Code: () => CODE,
    DockerImageCode: () => DOCKER_IMAGE_CODE,
  },
  'aws-cdk-lib/aws-lambda-nodejs': {
    NodejsFunction: () => functionClass('lambda-nodejs.NodejsFunction'),
  },
};

/** `lambda.Function` for `import { Function } from 'aws-cdk-lib/aws-lambda'`; undefined when not modelled. */
export function lambdaMember(name: string, pkg: string): unknown {
  return LAMBDA[pkg]?.[name]?.();
}

/** `import { aws_lambda as lambda } from 'aws-cdk-lib'`: the modelled members, stand-ins for the rest. */
export function lambdaNamespace(pkg: string, short: string): unknown {
  return new Proxy(
    {},
    {
      get: (_t, key) => (typeof key !== 'string' ? undefined : (lambdaMember(key, pkg) ?? standIn(`${short}.${key}`, currentHatchLog))),
    },
  );
}

function durationOf(seconds: number, label: string): unknown {
  return standIn(`Duration.${label}`, currentHatchLog, {
    known: {
      toSeconds: () => seconds,
      toMilliseconds: () => seconds * 1000,
      toMinutes: () => seconds / 60,
      toHours: () => seconds / 3600,
      toDays: () => seconds / 86400,
    },
  });
}

const UNITS: Record<string, number> = { millis: 0.001, seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/**
 * `Duration.seconds(20)`: a value whose `toSeconds()` Hearth reads (a function's timeout); other
 * members (`Duration.parse`) stay stand-ins. As a property value it is one leaf, never reported.
 */
export const DURATION = new Proxy({} as Record<string, unknown>, {
  get: (_t, key) => {
    if (typeof key !== 'string') return undefined;
    const unit = UNITS[key];
    if (unit === undefined) return standIn(`Duration.${key}`, currentHatchLog);
    return (n: number) => durationOf(Number(n) * unit, `${key}(${n})`);
  },
});
