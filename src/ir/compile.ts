import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type BackendRegistration, definitionOf } from '../backend/index.js';
import { HearthError } from '../util/errors.js';
import { compileAuth } from './compile-auth.js';
import { compileData } from './compile-data.js';
import { applyEscapeHatches } from './compile-escape-hatches.js';
import { FunctionTable, rel } from './compile-functions.js';
import { compileStorage } from './compile-storage.js';
import { applySandboxMode } from './sandbox-mode.js';
import type { BackendIR } from './types.js';

export interface CompileResult {
  ir: BackendIR;
  /** things Hearth accepted but does not serve yet, each naming the user's file */
  warnings: string[];
}

/**
 * Definitions → BackendIR. Every check happens here, so a bad `amplify/` folder fails before
 * anything is served. Functions are found through their references too (auth triggers,
 * `allow.resource`), not only through defineBackend's keys.
 */
export function compileBackend(reg: BackendRegistration, projectRoot: string, region = 'us-east-1'): CompileResult {
  const warnings: string[] = [];
  const functions = new FunctionTable(projectRoot);
  const entries = Object.entries(reg.resources).map(([key, v]) => ({ key, d: definitionOf(v) }));
  const bad = entries.find((e) => !e.d);
  if (bad)
    throw new HearthError(
      'NotSupported',
      `amplify/backend.ts: defineBackend({ ${bad.key} }) is not a defineAuth/defineData/defineFunction/defineStorage result; Hearth supports only those.`,
    );
  const of = (kind: string) => entries.filter((e) => e.d?.kind === kind).map((e) => e.d!);
  const [authDef, ...moreAuth] = of('auth');
  const [dataDef, ...moreData] = of('data');
  if (moreAuth.length || moreData.length)
    throw new HearthError('ConfigError', 'amplify/backend.ts: defineBackend takes at most one auth and one data resource.');
  for (const f of of('function')) functions.add(reg.resources[entries.find((e) => e.d === f)!.key]);
  const appName = readAppName(projectRoot);
  const auth = authDef && compileAuth(authDef as never, { appName, region, functions, where: rel(projectRoot, authDef.definedIn) });
  const dataWhere = dataDef && rel(projectRoot, dataDef.definedIn);
  const compiled = dataDef && compileData(dataDef as never, { hasAuth: Boolean(auth), functions, where: dataWhere!, warnings });
  const data =
    compiled &&
    applySandboxMode(compiled, {
      hasAuth: Boolean(auth),
      authorizationModes: (dataDef.props as { authorizationModes?: unknown }).authorizationModes,
      where: dataWhere!,
      warnings,
    });
  const storageDefs = of('storage');
  const storage =
    storageDefs.length > 0
      ? compileStorage(storageDefs, { appName, projectRoot, functions, auth: auth && { groups: auth.groups }, warnings })
      : undefined;
  const ir: BackendIR = {
    projectRoot,
    region,
    auth,
    data,
    ...(storage && { storage }),
    functions: functions.all(),
    addedOutputs: plainOutputs(reg.outputs),
  };
  return { ir: applyEscapeHatches({ ir, reg, projectRoot, functions, warnings }), warnings };
}

function readAppName(projectRoot: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { name?: string };
    if (pkg.name) return pkg.name;
  } catch {
    // no package.json: the folder name identifies the app
  }
  return basename(projectRoot);
}

/** addOutput values must survive JSON (the IR is serialisable and they end up in a JSON file). */
function plainOutputs(outputs: Record<string, unknown>[]): Record<string, unknown>[] {
  try {
    return JSON.parse(JSON.stringify(outputs)) as Record<string, unknown>[];
  } catch (e) {
    throw new HearthError(
      'ConfigError',
      `amplify/backend.ts: backend.addOutput(...) was given a value that is not JSON: ${(e as Error).message}`,
      e,
    );
  }
}
