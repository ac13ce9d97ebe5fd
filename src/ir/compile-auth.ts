import { HearthError } from '../util/errors.js';
import { compileAccountRecovery, compileMfa } from './compile-auth-mfa.js';
import { compileOAuth } from './compile-auth-oauth.js';
import {
  cognitoAttributeName,
  compileAccess,
  compileEmailMessages,
  compileEmailSender,
  compileGroups,
  compileUserAttributes,
} from './compile-auth-options.js';
import { compilePasswordless } from './compile-auth-passwordless.js';
import { compileReferencedAuth, type ReferenceAuthProps } from './compile-auth-reference.js';
import type { FunctionTable } from './compile-functions.js';
import { stableIds } from './stable-ids.js';
import { type AuthIR, TRIGGER_NAMES, type TriggerName } from './types.js';

interface AuthProps {
  loginWith?: { email?: unknown; phone?: unknown; externalProviders?: unknown; webAuthn?: unknown };
  userAttributes?: Record<string, { required?: boolean; mutable?: boolean }>;
  groups?: string[];
  triggers?: Record<string, unknown>;
  multifactor?: { mode?: string; totp?: unknown; sms?: unknown; email?: unknown };
  accountRecovery?: unknown;
  senders?: unknown;
  access?: unknown;
  passwordlessOptions?: unknown;
  /** referenceAuth(...) */
  hearthReference?: ReferenceAuthProps;
}

/** defineAuth props → AuthIR. Amplify's defaults: email login, default password policy, guests allowed. */
export function compileAuth(
  d: { props: AuthProps; definedIn: string },
  o: { appName: string; region: string; functions: FunctionTable; where: string },
): AuthIR {
  const { props } = d;
  if (props.hearthReference) return compileReferencedAuth(props.hearthReference, o.where);
  const email = Boolean(props.loginWith?.email);
  const phone = Boolean(props.loginWith?.phone);
  if (!email && !phone) {
    throw new HearthError('ConfigError', `${o.where}: defineAuth needs loginWith.email (phone login is not supported by Hearth yet).`);
  }
  if (phone && !email) throw new HearthError('NotSupported', `${o.where}: loginWith.phone is not supported by Hearth yet; use email.`);
  const mfa = compileMfa(props.multifactor, o.where);
  const accountRecovery = compileAccountRecovery(props.accountRecovery, o.where);
  const oauth = compileOAuth(props.loginWith?.externalProviders, { where: o.where, emailLogin: email });
  const passwordless = compilePasswordless({ loginWith: props.loginWith, passwordlessOptions: props.passwordlessOptions, mfa }, o.where);
  const triggers: AuthIR['triggers'] = {};
  let preTokenGenerationVersion: AuthIR['preTokenGenerationVersion'];
  for (const [name, def] of Object.entries(props.triggers ?? {})) {
    if (!(TRIGGER_NAMES as readonly string[]).includes(name)) {
      throw new HearthError('ConfigError', `${o.where}: unknown trigger "${name}"; Amplify accepts ${TRIGGER_NAMES.join(', ')}.`);
    }
    // `{ handler, version: 'v2_0' }` picks the pre token generation event version (amplify-backend PR #3131);
    // a bare function is V1, as Amplify wires it
    const versioned = name === 'preTokenGeneration' ? preTokenVersion(def, o.where) : undefined;
    triggers[name as TriggerName] = o.functions.add(versioned ? (def as { handler: unknown }).handler : def).name;
    if (versioned) preTokenGenerationVersion = versioned;
  }
  const required = new Set<string>(email ? ['email'] : []);
  for (const [attr, cfg] of Object.entries(props.userAttributes ?? {})) if (cfg?.required) required.add(cognitoAttributeName(attr, o));
  const ids = stableIds(o.appName, o.region);
  return {
    ...ids,
    loginWith: { email, phone },
    requiredAttributes: [...required],
    ...compileGroups(props.groups, o),
    userAttributes: compileUserAttributes(props.userAttributes, o),
    ...compileEmailMessages(props.loginWith?.email, o),
    ...(props.senders !== undefined && { emailSender: compileEmailSender(props.senders, o) }),
    ...(props.access !== undefined && { access: compileAccess(props.access, { ...o, userPoolId: ids.userPoolId }) }),
    triggers,
    ...(preTokenGenerationVersion && { preTokenGenerationVersion }),
    passwordPolicy: { minLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
    allowUnauthenticatedIdentities: true,
    ...(mfa && { mfa }),
    ...(accountRecovery && { accountRecovery }),
    ...(oauth && { oauth }),
    ...(passwordless && { passwordless }),
  };
}

function preTokenVersion(def: unknown, where: string): AuthIR['preTokenGenerationVersion'] {
  const d = def as { handler?: unknown; version?: unknown };
  if (typeof d !== 'object' || d === null || !('handler' in d)) return undefined;
  const v = { v1_0: '1', v2_0: '2', v3_0: '3' }[String(d.version ?? 'v1_0').toLowerCase()] as AuthIR['preTokenGenerationVersion'];
  if (!v) throw new HearthError('ConfigError', `${where}: preTokenGeneration version must be 'v1_0', 'v2_0' or 'v3_0'.`);
  return v;
}
