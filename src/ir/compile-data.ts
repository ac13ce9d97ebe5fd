import { HearthError } from '../util/errors.js';
import { compileOidcMode } from './compile-data-oidc.js';
import type { FunctionTable } from './compile-functions.js';
import { type JsFunctionSpec, jsHandlerTable, type ParsedCustomOperation } from './data/custom-operations.js';
import { parseAmplifySchema } from './data/parse-schema.js';
import type { CustomOperationIR, DataAuthMode, DataIR, ModelIR } from './types.js';

interface DataProps {
  schema?: unknown;
  name?: string;
  authorizationModes?: {
    defaultAuthorizationMode?: string;
    apiKeyAuthorizationMode?: { expiresInDays?: number; description?: string };
    lambdaAuthorizationMode?: unknown;
    oidcAuthorizationMode?: unknown;
  };
  functions?: Record<string, unknown>;
}

interface Transformed {
  schema: string;
  functionSchemaAccess?: { resourceProvider: unknown; actions: ('query' | 'mutate' | 'listen')[] }[];
  lambdaFunctions?: Record<string, unknown>;
  jsFunctions?: JsFunctionSpec[];
}

/** defineData props → DataIR. Follows Amplify's default-mode rules (amplify-gen2-facts §1.4). */
export function compileData(
  d: { props: DataProps; definedIn: string },
  o: { hasAuth: boolean; functions: FunctionTable; where: string; warnings: string[] },
): DataIR {
  const { props } = d;
  const t = transform(props.schema, o.where);
  const parsed = parseAmplifySchema(t.schema, o.where, jsHandlerTable(t.jsFunctions, d.definedIn, o.where));
  o.warnings.push(...parsed.warnings);
  // `@function(name: …)` refers to a lambdaFunctions key (Fn<Field>) or a defineData `functions` key
  const handlerNames = new Map<string, string>();
  for (const [ref, def] of Object.entries({ ...props.functions, ...t.lambdaFunctions })) handlerNames.set(ref, o.functions.add(def).name);
  const resourceAccess = (t.functionSchemaAccess ?? []).map((g) => {
    const fn = o.functions.add(g.resourceProvider);
    fn.dataAccess = true;
    return { functionName: fn.name, actions: g.actions };
  });
  const modes = props.authorizationModes ?? {};
  const defaultAuthMode = defaultMode(modes, o.hasAuth, o.where);
  return {
    name: props.name ?? 'amplifyData',
    defaultAuthMode,
    authModes: authModes(defaultAuthMode, modes, o.hasAuth),
    apiKey:
      defaultAuthMode === 'apiKey' || modes.apiKeyAuthorizationMode
        ? { expiresInDays: modes.apiKeyAuthorizationMode?.expiresInDays ?? 7, description: modes.apiKeyAuthorizationMode?.description }
        : undefined,
    models: parsed.models,
    enums: parsed.enums,
    nonModels: parsed.nonModels,
    customOperations: resolveHandlers(parsed.customOperations, handlerNames, o.where),
    resourceAccess,
    inputSdl: t.schema,
    ...lambdaAuthorizer(modes.lambdaAuthorizationMode, parsed.models, o),
    ...compileOidcMode(
      modes.oidcAuthorizationMode,
      { defaultAuthMode, models: parsed.models, customOperations: parsed.customOperations },
      o.where,
    ),
  };
}

/** lambdaAuthorizationMode: { function, timeToLiveInSeconds (default 60) } → the function that authorizes `lambda` requests. */
function lambdaAuthorizer(
  mode: unknown,
  models: ModelIR[],
  o: { functions: FunctionTable; where: string },
): Pick<DataIR, 'lambdaAuthorizer'> {
  const custom = models.find((m) => [...m.authRules, ...m.fields.flatMap((f) => f.authRules ?? [])].some((r) => r.allow === 'custom'));
  if (!mode && custom) {
    throw new HearthError(
      'ConfigError',
      `${o.where}: model ${custom.name} uses allow.custom(), which needs defineData({ authorizationModes: { lambdaAuthorizationMode: { function } } }).`,
    );
  }
  if (!mode) return {};
  const m = mode as { function?: unknown; timeToLiveInSeconds?: number };
  if (!m.function) {
    throw new HearthError('ConfigError', `${o.where}: lambdaAuthorizationMode needs a \`function\` (a defineFunction result).`);
  }
  const ttl = m.timeToLiveInSeconds ?? 60;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 3600) {
    throw new HearthError('ConfigError', `${o.where}: lambdaAuthorizationMode.timeToLiveInSeconds must be a whole number from 0 to 3600.`);
  }
  return { lambdaAuthorizer: { functionName: o.functions.add(m.function).name, ttlSeconds: ttl } };
}

function resolveHandlers(ops: ParsedCustomOperation[], names: Map<string, string>, where: string): CustomOperationIR[] {
  return ops.map((op) => ({
    ...op,
    handlers: op.handlers.map((h) => {
      const functionName = names.get(h.ref);
      if (!functionName) {
        throw new HearthError(
          'ConfigError',
          `${where}: ${op.kind} ${op.name} uses a.handler.function('${h.ref}'), but defineData({ functions }) has no "${h.ref}".`,
        );
      }
      return { functionName, async: h.async };
    }),
  }));
}

function transform(schema: unknown, where: string): Transformed {
  if (typeof schema === 'string') return { schema };
  if (schema && typeof schema === 'object' && 'transform' in schema && typeof schema.transform === 'function') {
    return (schema as { transform(): Transformed }).transform();
  }
  throw new HearthError('ConfigError', `${where}: defineData needs \`schema\`: a.schema({...}) or a GraphQL SDL string.`);
}

const MODE_NAMES: Record<string, DataAuthMode> = {
  iam: 'iam',
  identityPool: 'iam',
  userPool: 'userPool',
  oidc: 'oidc',
  apiKey: 'apiKey',
  lambda: 'lambda',
};

function defaultMode(modes: NonNullable<DataProps['authorizationModes']>, hasAuth: boolean, where: string): DataAuthMode {
  if (modes.defaultAuthorizationMode) {
    const m = MODE_NAMES[modes.defaultAuthorizationMode];
    if (!m) throw new HearthError('ConfigError', `${where}: unknown defaultAuthorizationMode "${modes.defaultAuthorizationMode}".`);
    return m;
  }
  const configured = (['apiKeyAuthorizationMode', 'lambdaAuthorizationMode', 'oidcAuthorizationMode'] as const).filter((k) => modes[k]);
  if (hasAuth && configured.length === 0) return 'userPool';
  if (!hasAuth && configured.length === 0) return 'apiKey';
  if (!hasAuth && configured.length === 1)
    return ({ apiKeyAuthorizationMode: 'apiKey', lambdaAuthorizationMode: 'lambda', oidcAuthorizationMode: 'oidc' } as const)[
      configured[0]!
    ];
  throw new HearthError('ConfigError', `${where}: defaultAuthorizationMode is required when several authorization modes are configured.`);
}

function authModes(dflt: DataAuthMode, modes: NonNullable<DataProps['authorizationModes']>, hasAuth: boolean): DataAuthMode[] {
  const out = new Set<DataAuthMode>([dflt]);
  if (hasAuth) out.add('userPool');
  // Gen 2 always enables IAM on the API (functions granted access sign with it)
  out.add('iam');
  if (dflt === 'apiKey' || modes.apiKeyAuthorizationMode) out.add('apiKey');
  if (modes.lambdaAuthorizationMode) out.add('lambda');
  if (modes.oidcAuthorizationMode) out.add('oidc');
  return [...out];
}
