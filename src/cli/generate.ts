import { resolve } from 'node:path';
import { buildModelIntrospection, buildOutputs, generateGraphqlClientCode, writeOutputs } from '../codegen/index.js';
import { printServedSdl } from '../data/schema/index.js';
import { compileBackend } from '../ir/compile.js';
import type { BackendIR } from '../ir/types.js';
import { loadBackend } from '../project/load-backend.js';
import { HearthError } from '../util/errors.js';

async function loadIr(): Promise<BackendIR> {
  const root = process.cwd();
  return compileBackend(await loadBackend(root), root).ir;
}

export interface ClientCodeOptions {
  out?: string;
  format?: 'graphql-codegen' | 'introspection' | 'modelgen';
  statementTarget?: 'typescript' | 'javascript' | 'graphql' | 'flow' | 'angular';
  typeTarget?: string;
  statementMaxDepth?: string;
  statementTypenameIntrospection?: string;
}

/** `hearth generate graphql-client-code`: what `ampx generate graphql-client-code` writes, from the local schema. */
export async function generateClientCode(o: ClientCodeOptions): Promise<void> {
  const ir = await loadIr();
  if (!ir.data) throw new HearthError('ConfigError', 'amplify/backend.ts defines no data; there is no GraphQL API to generate code for.');
  const written = await generateGraphqlClientCode({
    sdl: printServedSdl(ir.data),
    outDir: resolve(o.out ?? '.'),
    format: o.format,
    statementTarget: o.statementTarget,
    typeTarget: o.typeTarget as never,
    maxDepth: o.statementMaxDepth ? Number.parseInt(o.statementMaxDepth, 10) : undefined,
    typenameIntrospection: o.statementTypenameIntrospection === undefined ? undefined : o.statementTypenameIntrospection !== 'false',
    modelIntrospection: buildModelIntrospection(ir.data),
  });
  for (const f of written) process.stdout.write(`wrote ${f}\n`);
}

/**
 * `hearth generate outputs`: amplify_outputs.json without serving. The URLs are those a
 * `hearth sandbox --port <port>` on this host will serve; the API key is filled in when the
 * sandbox starts (it lives in the database).
 */
export async function generateOutputs(o: { outDir?: string; port: string; host: string }): Promise<void> {
  const ir = await loadIr();
  const base = `http://${o.host}:${o.port}`;
  const outputs = buildOutputs(ir, {
    baseUrl: base,
    dataUrl: `${base}/graphql`,
    cognitoUrl: `${base}/cognito`,
    mailboxUrl: `${base}/_hearth/mailbox`,
    modelIntrospection: ir.data ? buildModelIntrospection(ir.data) : undefined,
  });
  const file = await writeOutputs(resolve(o.outDir ?? '.'), outputs);
  process.stdout.write(`wrote ${file}\n`);
}
