import type { BackendRegistration, EscapeHatchLog } from '../backend/index.js';
import { definitionOf } from '../backend/index.js';
import { HearthError } from '../util/errors.js';
import { type FunctionTable, rel } from './compile-functions.js';
import { compileStreams, tableStreamArn } from './compile-streams.js';
import type { BackendIR, PasswordPolicyIR } from './types.js';

/** The account every Hearth ARN carries (as the Lambda events Hearth builds). */
const ACCOUNT = '000000000000';
const REF = /\$\{hearth:([^}]+)\}/g;
/** The GraphQL URL is known only once the server listens: outputs and function env resolve it then. */
export const GRAPHQL_URL_REF = `\${hearth:graphqlUrl}`;

/** Replaces the GraphQL URL reference left in a resolved value. */
export function withGraphqlUrl<T>(value: T, url: string): T {
  return JSON.parse(JSON.stringify(value).replaceAll(GRAPHQL_URL_REF, url)) as T;
}

interface Ctx {
  ir: BackendIR;
  reg: BackendRegistration;
  projectRoot: string;
  functions: FunctionTable;
  warnings: string[];
}

/**
 * Judges what backend.ts did through the escape hatches (src/backend/escape-hatch-recorder.ts):
 * references to names and ARNs become their values in addOutput and addEnvironment; property writes
 * Hearth has a setting for are applied (password policy, group precedence, guest access); every other
 * write, call and construct is reported once as "ignored by Hearth: <what> in <file>:<line>".
 */
export function applyEscapeHatches(c: Ctx): BackendIR {
  const log: EscapeHatchLog = c.reg.hatches ?? { writes: [], ignored: [], environment: [] };
  const table = refTable(c);
  const unknown = new Set<string>();
  const resolve = (v: unknown) => resolveRefs(v, table, unknown);
  for (const e of log.environment) addEnvironment(c, e, resolve(e.value));
  const addedOutputs = resolve(c.ir.addedOutputs) as Record<string, unknown>[];
  const ignored = new Set<string>();
  for (const w of log.writes)
    for (const leaf of leaves(w.path, w.value)) if (!applyWrite(c, leaf)) ignored.add(`${leaf.path} in ${site(c, w.at)}`);
  for (const i of log.ignored) ignored.add(`${i.what} in ${site(c, i.at)}`);
  const streamCtx = { ir: c.ir, resources: c.reg.resources, functions: c.functions, account: ACCOUNT, resolve, ignored };
  const streams = compileStreams({ ...streamCtx, site: (at: string) => site(c, at) }, log.streams ?? []);
  for (const what of ignored) c.warnings.push(`ignored by Hearth: ${what}`);
  for (const path of unknown)
    c.warnings.push(`ignored by Hearth: ${path} has no value in Hearth; it is left empty where backend.ts used it`);
  return { ...c.ir, addedOutputs, ...(streams.length > 0 && { streams }) };
}

function site(c: Ctx, at: string): string {
  const i = at.lastIndexOf(':');
  return i > 0 ? `${rel(c.projectRoot, at.slice(0, i))}${at.slice(i)}` : at;
}

function resolveRefs(v: unknown, table: Map<string, string>, unknown: Set<string>): unknown {
  if (typeof v === 'string') {
    return v.replace(REF, (_m, path: string) => {
      const value = table.get(path);
      if (value !== undefined) return value;
      unknown.add(path.replace(/^\?/, ''));
      return '';
    });
  }
  if (Array.isArray(v)) return v.map((x) => resolveRefs(x, table, unknown));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveRefs(x, table, unknown)]));
  return v;
}

function addEnvironment(c: Ctx, e: EscapeHatchLog['environment'][number], value: unknown): void {
  if (typeof value !== 'string') {
    throw new HearthError('ConfigError', `${site(c, e.at)}: addEnvironment('${e.name}', …) needs a string value.`);
  }
  if (!/^[a-zA-Z]([a-zA-Z0-9_])+$/.test(e.name)) {
    throw new HearthError('ConfigError', `${site(c, e.at)}: addEnvironment: '${e.name}' is not a valid environment variable name.`);
  }
  c.functions.add(c.reg.resources[e.resource]).environment[e.name] = value;
}

/** `x.policies = { passwordPolicy: { minimumLength: 12 } }` is the write `x.policies.passwordPolicy.minimumLength = 12`. */
function leaves(path: string, value: unknown): { path: string; value: unknown }[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [{ path, value }];
  return Object.entries(value).flatMap(([k, v]) => leaves(`${path}.${k}`, v));
}

const POLICY: Record<string, keyof PasswordPolicyIR> = {
  minimumLength: 'minLength',
  requireLowercase: 'requireLowercase',
  requireUppercase: 'requireUppercase',
  requireNumbers: 'requireNumbers',
  requireSymbols: 'requireSymbols',
};

/** Applies a write Hearth has a setting for; false when it has none. */
function applyWrite(c: Ctx, w: { path: string; value: unknown }): boolean {
  const m = /^backend\.([\w$]+)\.resources\.(.+)$/.exec(w.path);
  const auth = c.ir.auth;
  if (!m || !auth || definitionOf(c.reg.resources[m[1]!])?.kind !== 'auth') return false;
  const rest = m[2]!;
  const policy = /^cfnResources\.cfnUserPool\.policies\.passwordPolicy\.(\w+)$/.exec(rest)?.[1];
  const field = policy && POLICY[policy];
  if (field) {
    auth.passwordPolicy = { ...auth.passwordPolicy, [field]: field === 'minLength' ? Number(w.value) : Boolean(w.value) };
    return true;
  }
  const group = /^groups\.([^.]+)\.cfnUserGroup\.precedence$/.exec(rest)?.[1];
  if (group && auth.groups.includes(group) && Number.isInteger(w.value)) {
    auth.groupPrecedence = { ...auth.groupPrecedence, [group]: w.value as number };
    return true;
  }
  if (rest === 'cfnResources.cfnIdentityPool.allowUnauthenticatedIdentities') {
    auth.allowUnauthenticatedIdentities = Boolean(w.value);
    return true;
  }
  return false;
}

/** `<key>.<attribute>` → value, for every resource Hearth serves. */
function refTable(c: Ctx): Map<string, string> {
  const { ir } = c;
  const region = ir.region;
  const t = new Map<string, string>([
    ['region', region],
    ['account', ACCOUNT],
  ]);
  const arn = (service: string, rest: string) => `arn:aws:${service}:${region}:${ACCOUNT}:${rest}`;
  const role = (prefix: string, name: string) => {
    t.set(`${prefix}RoleName`, name);
    t.set(`${prefix}RoleArn`, `arn:aws:iam::${ACCOUNT}:role/${name}`);
  };
  for (const [key, resource] of Object.entries(c.reg.resources)) {
    const d = definitionOf(resource);
    if (d?.kind === 'auth' && ir.auth) {
      const a = ir.auth;
      t.set(`${key}.userPoolId`, a.userPoolId);
      t.set(`${key}.userPoolArn`, arn('cognito-idp', `userpool/${a.userPoolId}`));
      t.set(`${key}.userPoolProviderName`, `cognito-idp.${region}.amazonaws.com/${a.userPoolId}`);
      t.set(`${key}.userPoolClientId`, a.userPoolClientId);
      t.set(`${key}.identityPoolId`, a.identityPoolId);
      role(`${key}.authenticated`, 'amplify-authenticated-role');
      role(`${key}.unauthenticated`, 'amplify-unauthenticated-role');
      for (const g of a.groups) role(`${key}.groups.${g}.`, `amplify-group-${g}-role`);
    } else if (d?.kind === 'data' && ir.data) {
      const apiId = `hearth-${ir.data.name}`;
      t.set(`${key}.apiId`, apiId);
      t.set(`${key}.apiArn`, arn('appsync', `apis/${apiId}`));
      t.set(`${key}.graphqlUrl`, GRAPHQL_URL_REF);
      for (const m of ir.data.models) {
        t.set(`${key}.tables.${m.name}.tableName`, m.tableName);
        t.set(`${key}.tables.${m.name}.tableArn`, arn('dynamodb', `table/${m.tableName}`));
        t.set(`${key}.tables.${m.name}.tableStreamArn`, tableStreamArn(region, ACCOUNT, m.tableName));
      }
    } else if (d?.kind === 'function') {
      const fn = c.functions.add(resource);
      t.set(`${key}.functionName`, fn.name);
      t.set(`${key}.functionArn`, arn('lambda', `function:${fn.name}`));
      role(`${key}.`, `${fn.name}-role`);
    } else if (d?.kind === 'storage') {
      const name = (d.props as { name?: string }).name;
      const bucket = ir.storage?.buckets.find((b) => b.name === name);
      if (bucket) {
        t.set(`${key}.bucketName`, bucket.bucketName);
        t.set(`${key}.bucketArn`, `arn:aws:s3:::${bucket.bucketName}`);
      }
    }
  }
  return t;
}
