/**
 * Row 15: what the escape-hatch model adds to loading a backend. The Gen 2 fixture app
 * test/fixtures/gen2-apps/escape-hatches (resources read into addOutput and addEnvironment,
 * cfnUserPool writes, createStack with an sns.Topic, aws-cdk-lib stand-ins) is loaded and compiled
 * in this process (dist/project/load-backend.js + dist/ir/compile.js, as `hearth sandbox` does at
 * start and on every reload), alternating with the same app whose backend.ts stops after
 * defineBackend. Warm: one load of each first, not counted. The row is the difference of medians.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from '../lib/sandbox.js';
import { median, ms } from '../lib/stats.js';

export const HATCH_LOADS = 20;
const FIXTURE = join(REPO, 'test', 'fixtures', 'gen2-apps', 'escape-hatches');

function copy(name, strip) {
  const dir = join(REPO, 'test-artifacts', 'bench', name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(FIXTURE, dir, { recursive: true });
  if (strip) {
    const file = join(dir, 'amplify', 'backend.ts');
    const lines = readFileSync(file, 'utf8').split('\n');
    const keep = lines.filter((l) => /^import .* from '\.\//.test(l) || l.startsWith('import { defineBackend }'));
    writeFileSync(file, `${keep.join('\n')}\ndefineBackend({ auth, data, storage, sayHello });\n`);
  }
  return dir;
}

export async function escapeHatchPhase({ log }) {
  const { loadBackend } = await import(pathToFileURL(join(REPO, 'dist', 'project', 'load-backend.js')).href);
  const { compileBackend } = await import(pathToFileURL(join(REPO, 'dist', 'ir', 'compile.js')).href);
  const apps = { hatches: copy('hatches-full', false), plain: copy('hatches-plain', true) };
  const once = async (dir) => {
    const t = performance.now();
    const { warnings } = compileBackend(await loadBackend(dir), dir);
    return { ms: performance.now() - t, warnings };
  };
  const warm = await once(apps.hatches);
  await once(apps.plain);
  if (!warm.warnings.some((w) => w.includes("new sns.Topic('Notifications')"))) throw new Error('the fixture did not report its sns.Topic');
  const times = { hatches: [], plain: [] };
  for (let i = 0; i < HATCH_LOADS; i++) {
    times.hatches.push((await once(apps.hatches)).ms);
    times.plain.push((await once(apps.plain)).ms);
  }
  const full = median(times.hatches);
  const plain = median(times.plain);
  log(`  load + compile: with escape hatches ${ms(full)}, without ${ms(plain)} (medians of ${HATCH_LOADS})`);
  const added = full - plain;
  return {
    value: added,
    result: `+${ms(added)} (load + compile of backend.ts: ${ms(full)} with, ${ms(plain)} without; medians of ${HATCH_LOADS}, warm) · aws-cdk-lib instead: its import alone 285–466 ms`,
    cpuText: 'n/a (in the benchmark process)',
    pass: added <= 50,
  };
}
