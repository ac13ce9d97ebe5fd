import { callerSite } from './caller-file.js';
import type { EscapeHatchLog } from './registry.js';

/** Marks Hearth's stand-ins for CDK objects (a construct's scope is one of them). */
export const IS_STAND_IN = Symbol.for('hearth.standIn');

/** A name or ARN Hearth knows once the backend is compiled: `${hearth:auth.userPoolId}`. */
export const ref = (path: string): string => `\${hearth:${path}}`;
/** What a stand-in turns into when used as a value Hearth cannot answer: resolved to '' with a warning. */
const unknownRef = (path: string): string => ref(`?${path}`);

export interface StandInOptions {
  /** attributes with values (names, ARNs, nested stand-ins) */
  known?: Record<string, unknown>;
  /** what `new X(scope, id)` does; default: records the construct as ignored */
  construct?: (args: unknown[], at: string) => object;
  /** what calling it does; default: records the call as ignored */
  call?: (args: unknown[], at: string) => unknown;
}

/**
 * A stand-in for a CDK object (a construct, an L1 `Cfn*` resource, a class of aws-cdk-lib) that
 * records what backend.ts does with it: a property write is kept for the compiler (which applies
 * the ones Hearth has a setting for), a method call or a construct is kept as ignored, a property
 * read answers a known name or another stand-in, and using it as a string gives a reference.
 */
export function standIn(path: string, log: () => EscapeHatchLog, o: StandInOptions = {}): any {
  const known = o.known ?? {};
  const handler: ProxyHandler<() => void> = {
    get(_t, key) {
      if (key === IS_STAND_IN) return path;
      if (key === Symbol.toPrimitive || key === 'toString' || key === 'toJSON') return () => unknownRef(path);
      if (typeof key === 'symbol' || key === 'then') return undefined;
      if (key in known) return known[key];
      return standIn(`${path}.${key}`, log);
    },
    set: function set(_t, key, value) {
      log().writes.push({ path: `${path}.${String(key)}`, value, at: callerSite(set) });
      return true;
    },
    apply: function apply(_t, _this, args) {
      const at = callerSite(apply);
      if (o.call) return o.call(args, at);
      if (path.endsWith('.addPropertyOverride') && typeof args[0] === 'string') {
        // `Policies.PasswordPolicy.MinimumLength` is the CloudFormation spelling of `policies.passwordPolicy.minimumLength`
        const prop = args[0].split('.').map((p) => p.charAt(0).toLowerCase() + p.slice(1));
        log().writes.push({ path: `${path.slice(0, -'.addPropertyOverride'.length)}.${prop.join('.')}`, value: args[1], at });
        return undefined;
      }
      // a call on a backend resource or a stack changes what would be deployed; a CDK helper
      // (`Duration.seconds(30)`, `Tags.of(x)`) or a method of a construct already reported does not
      if (/^(backend\.|stack:)/.test(path)) log().ignored.push({ what: `${path}()`, at });
      return standIn(`${path}()`, log);
    },
    construct: function construct(_t, args) {
      const at = callerSite(construct);
      if (o.construct) return o.construct(args, at);
      const id = typeof args[1] === 'string' ? args[1] : '';
      // a construct has a scope (a stack or another construct); a value (a PolicyStatement) does not,
      // and is reported where it is used
      const scoped = typeof args[0] === 'function' && Boolean((args[0] as Record<symbol, unknown>)[IS_STAND_IN]);
      if (scoped) log().ignored.push({ what: `new ${path}(${id ? `'${id}'` : ''})`, at });
      return standIn(`${path}${id ? `:${id}` : ''}`, log);
    },
  };
  return new Proxy(function standInTarget() {}, handler);
}
