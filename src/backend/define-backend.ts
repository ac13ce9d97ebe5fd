import { backendEntry } from './backend-resources.js';
import { callerFile } from './caller-file.js';
import { ref, standIn } from './escape-hatch-recorder.js';
import { currentHatchLog, registerBackend } from './registry.js';

/** A stack stand-in: its region and account resolve; constructs created in it are reported as ignored. */
export function stackStandIn(name: string): unknown {
  return standIn(`stack:${name}`, currentHatchLog, {
    known: { region: ref('region'), account: ref('account'), stackName: name, partition: 'aws', urlSuffix: 'amazonaws.com' },
  });
}

/**
 * Declares the backend. Returns an object shaped like Amplify's: `backend.<key>.resources` answers
 * the names and ARNs of what Hearth serves, `addEnvironment` adds to a function's environment,
 * property writes are applied where Hearth has the setting, and anything else done through the CDK
 * escape hatches (`createStack`, constructs, policies) is reported once at start as ignored.
 *
 * @example
 * ```ts
 * const backend = defineBackend({ auth, data, sayHello });
 * backend.sayHello.addEnvironment('USER_POOL_ID', backend.auth.resources.userPool.userPoolId);
 * ```
 */
export function defineBackend<T extends Record<string, unknown>>(
  resources: T,
): { [K in keyof T]: any } & {
  addOutput(o: Record<string, unknown>): void;
  createStack(name: string): any;
  readonly stack: any;
} {
  const outputs: Record<string, unknown>[] = [];
  const hatches = currentHatchLog();
  registerBackend({ resources, outputs, definedIn: callerFile(defineBackend), hatches });
  const stacks = new Set<string>();
  const backend: Record<string, unknown> = {
    addOutput: (o: Record<string, unknown>) => void outputs.push(o),
    createStack: (name: string) => {
      // as Amplify: a second stack of the same name is the user's mistake
      if (stacks.has(name)) throw new Error(`backend.createStack('${name}'): a stack named ${name} already exists.`);
      stacks.add(name);
      return stackStandIn(name);
    },
    stack: stackStandIn('root'),
  };
  for (const [key, value] of Object.entries(resources)) {
    backend[key] = backendEntry(key, value, currentHatchLog, stackStandIn(key));
  }
  return backend as never;
}
