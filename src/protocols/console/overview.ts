/** `GET api/overview`: what the backend defines, for the console's navigation and forms. */
import type { BackendIR, FieldIR, ModelIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import { json } from '../../util/http.js';
import type { ConsoleRoute } from './console-router.js';

export interface OverviewDeps {
  ir: () => BackendIR;
  engine: 'sqlite' | 'postgres';
  mode: 'sandbox' | 'production';
  urls: { base: string; data: string; cognito: string; storage?: string };
  /** the example app's "try it" page is served (npm run example) */
  example?: { tryIt: boolean };
  /** amplify_outputs.json as written, undefined before the first write */
  outputs?: () => Promise<string | undefined>;
}

export function overviewRoutes(d: OverviewDeps): ConsoleRoute[] {
  return [
    { method: 'GET', path: 'overview', handle: async () => json(200, overview(d)) },
    {
      method: 'GET',
      path: 'outputs',
      handle: async () => {
        // what the app's frontend is configured with (no secret is in it: the API key is public by design)
        const text = d.outputs ? await d.outputs() : undefined;
        if (!text) throw new HearthError('NotFound', 'amplify_outputs.json has not been written yet.');
        return { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: text };
      },
    },
  ];
}

function overview(d: OverviewDeps) {
  const ir = d.ir();
  const enums = new Map((ir.data?.enums ?? []).map((e) => [e.name, e.values]));
  return {
    app: ir.projectRoot.split(/[\\/]/).filter(Boolean).at(-1) ?? 'app',
    mode: d.mode,
    region: ir.region,
    engine: d.engine,
    urls: d.urls,
    authModes: ir.data?.authModes ?? [],
    models: (ir.data?.models ?? []).map((m) => modelView(m, enums)),
    functions: ir.functions.map((f) => ({ name: f.name, timeoutSeconds: f.timeoutSeconds, memoryMB: f.memoryMB })),
    buckets: (ir.storage?.buckets ?? []).map((b) => ({ name: b.name, bucketName: b.bucketName, isDefault: b.isDefault })),
    userPool: ir.auth ? { id: ir.auth.userPoolId, clientId: ir.auth.userPoolClientId, groups: ir.auth.groups } : null,
    example: d.example ?? null,
  };
}

function modelView(m: ModelIR, enums: Map<string, string[]>) {
  return {
    name: m.name,
    pluralName: m.pluralName,
    primaryKey: m.primaryKey,
    indexes: m.secondaryIndexes,
    operations: m.operations,
    fields: m.fields.map((f) => fieldView(f, enums)),
  };
}

function fieldView(f: FieldIR, enums: Map<string, string[]>) {
  const type = f.type;
  const typeName = type.name;
  return {
    name: f.name,
    type: typeName,
    kind: type.kind,
    required: f.required,
    isList: f.isArray,
    readOnly: f.readOnly,
    ...(type.kind === 'enum' ? { enumValues: enums.get(type.name) ?? [] } : {}),
    ...(f.association ? { relation: { type: typeName, ...f.association } } : {}),
  };
}
