import { HearthError } from '../util/errors.js';
import type { FunctionTable } from './compile-functions.js';
import { stableIds } from './stable-ids.js';
import { type AuthIR, TRIGGER_NAMES, type TriggerName } from './types.js';

interface AuthProps {
  loginWith?: { email?: unknown; phone?: unknown; externalProviders?: unknown; webAuthn?: unknown };
  userAttributes?: Record<string, { required?: boolean }>;
  groups?: string[];
  triggers?: Record<string, unknown>;
  multifactor?: { mode?: string };
}

/** defineAuth props → AuthIR. Amplify's defaults: email login, default password policy, guests allowed. */
export function compileAuth(
  d: { props: AuthProps; definedIn: string },
  o: { appName: string; region: string; functions: FunctionTable; where: string },
): AuthIR {
  const { props } = d;
  const email = Boolean(props.loginWith?.email);
  const phone = Boolean(props.loginWith?.phone);
  if (!email && !phone) {
    throw new HearthError(
      'ConfigError',
      `${o.where}: defineAuth needs loginWith.email (phone and external providers are not supported by Hearth yet).`,
    );
  }
  if (phone && !email) throw new HearthError('NotSupported', `${o.where}: loginWith.phone is not supported by Hearth yet; use email.`);
  if (props.multifactor && props.multifactor.mode !== 'OFF') {
    throw new HearthError('NotSupported', `${o.where}: multifactor is not supported by Hearth yet.`);
  }
  const triggers: AuthIR['triggers'] = {};
  for (const [name, def] of Object.entries(props.triggers ?? {})) {
    if (!(TRIGGER_NAMES as readonly string[]).includes(name)) {
      throw new HearthError('ConfigError', `${o.where}: unknown trigger "${name}"; Amplify accepts ${TRIGGER_NAMES.join(', ')}.`);
    }
    triggers[name as TriggerName] = o.functions.add(def).name;
  }
  const required = new Set<string>(email ? ['email'] : []);
  for (const [attr, cfg] of Object.entries(props.userAttributes ?? {})) if (cfg?.required) required.add(attr.toLowerCase());
  return {
    ...stableIds(o.appName, o.region),
    loginWith: { email, phone },
    requiredAttributes: [...required],
    groups: props.groups ?? [],
    triggers,
    passwordPolicy: { minLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
    allowUnauthenticatedIdentities: true,
  };
}
