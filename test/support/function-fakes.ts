/**
 * Fakes for the functions domain: a credential issuer that records what it issued, a logger that
 * keeps its lines, and a FunctionIR builder for handler files written into a temp project.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CredentialIssuer, IamPrincipal } from '../../src/auth/types.js';
import type { FunctionIR } from '../../src/ir/types.js';
import { createLogger, type Logger } from '../../src/util/logger.js';

export function fakeCredentialIssuer(): CredentialIssuer & { issued: IamPrincipal[] } {
  const issued: IamPrincipal[] = [];
  return {
    issued,
    issue(principal, ttlSeconds) {
      issued.push(principal);
      const n = issued.length;
      return {
        accessKeyId: `ASIAFAKE${n}`,
        secretAccessKey: `fake-secret-${n}`,
        sessionToken: `fake-token-${n}`,
        expiration: Date.now() + ttlSeconds * 1000,
      };
    },
    resolve: () => undefined,
  };
}

export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(
    createLogger('', (l) => lines.push(l)),
    { lines },
  );
}

export async function tempProject(prefix = 'hearth-fn-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Writes `<root>/amplify/<name>/handler.ts` and returns a FunctionIR for it. */
export async function handlerFunction(root: string, name: string, code: string, over: Partial<FunctionIR> = {}): Promise<FunctionIR> {
  const dir = join(root, 'amplify', name);
  await mkdir(dir, { recursive: true });
  const entry = join(dir, 'handler.ts');
  await writeFile(entry, code);
  return {
    name,
    entry,
    definedIn: join(dir, 'resource.ts'),
    timeoutSeconds: 3,
    memoryMB: 256,
    environment: {},
    dataAccess: false,
    ...over,
  };
}
