/**
 * The defineAuth options beyond login and password: user attributes, groups, verification and
 * invitation emails, the email sender and `access` grants. Message functions are called once here
 * with Cognito's placeholders (`{####}`, `{##text##}`, `{username}`), as Amplify does when it
 * synthesises the user pool; the auth service fills the placeholders per message.
 */

import { HearthError } from '../util/errors.js';
import { ACCESS_ACTIONS } from './auth-access-actions.js';
import type { FunctionTable } from './compile-functions.js';
import type { AuthIR, UserAttributeIR } from './types.js';

type Where = { where: string };
type AttrProps = { required?: boolean; mutable?: boolean; dataType?: string; minLen?: number; maxLen?: number; min?: number; max?: number };

const DATA_TYPES = ['String', 'Number', 'Boolean', 'DateTime'] as const;

function compileAttribute(name: string, p: AttrProps, o: Where): UserAttributeIR {
  const custom = name.startsWith('custom:');
  const dataType = (p.dataType ?? 'String') as UserAttributeIR['dataType'];
  if (!DATA_TYPES.includes(dataType)) {
    throw new HearthError('ConfigError', `${o.where}: userAttributes["${name}"].dataType must be one of ${DATA_TYPES.join(', ')}.`);
  }
  if (custom && p.required) {
    throw new HearthError('ConfigError', `${o.where}: custom attribute "${name}" cannot be required (Cognito does not allow it).`);
  }
  const min = dataType === 'Number' ? p.min : p.minLen;
  const max = dataType === 'Number' ? p.max : p.maxLen;
  return {
    dataType,
    required: Boolean(p.required),
    mutable: p.mutable ?? true,
    custom,
    ...(typeof min === 'number' ? { min } : {}),
    ...(typeof max === 'number' ? { max } : {}),
  };
}

/** defineAuth names standard attributes as CDK does (camelCase); Cognito names them otherwise */
const STANDARD_NAMES: Record<string, string> = {
  address: 'address',
  birthdate: 'birthdate',
  email: 'email',
  familyName: 'family_name',
  gender: 'gender',
  givenName: 'given_name',
  locale: 'locale',
  middleName: 'middle_name',
  fullname: 'name',
  nickname: 'nickname',
  phoneNumber: 'phone_number',
  profilePicture: 'picture',
  preferredUsername: 'preferred_username',
  profilePage: 'profile',
  timezone: 'zoneinfo',
  lastUpdateTime: 'updated_at',
  website: 'website',
};

/** `givenName` → `given_name`; `custom:x` stays; an unknown name is the user's mistake. */
export function cognitoAttributeName(key: string, o: Where): string {
  if (key.startsWith('custom:')) return key;
  const name = STANDARD_NAMES[key] ?? (Object.values(STANDARD_NAMES).includes(key) ? key : undefined);
  if (!name)
    throw new HearthError(
      'ConfigError',
      `${o.where}: unknown user attribute "${key}"; use a standard one (${Object.keys(STANDARD_NAMES).join(', ')}) or "custom:<name>".`,
    );
  return name;
}

export function compileUserAttributes(props: Record<string, AttrProps> | undefined, o: Where): AuthIR['userAttributes'] {
  const out: Record<string, UserAttributeIR> = {};
  for (const [key, p] of Object.entries(props ?? {})) out[cognitoAttributeName(key, o)] = compileAttribute(key, p ?? {}, o);
  return out;
}

export function compileGroups(groups: unknown, o: Where): { groups: string[]; groupPrecedence: Record<string, number> } {
  const list = (groups ?? []) as unknown[];
  if (!Array.isArray(list) || list.some((g) => typeof g !== 'string' || g === '')) {
    throw new HearthError('ConfigError', `${o.where}: defineAuth groups must be an array of group names.`);
  }
  const names = list as string[];
  return { groups: names, groupPrecedence: Object.fromEntries(names.map((g, i) => [g, i])) };
}

const createCode = () => '{####}';
const createLink = (text?: string) => `{##${text ?? 'Verify Email'}##}`;

type EmailProps = {
  verificationEmailStyle?: string;
  verificationEmailSubject?: string;
  verificationEmailBody?: (f: (text?: string) => string) => string;
  userInvitation?: { emailSubject?: string; emailBody?: (username: () => string, code: () => string) => string };
};

export function compileEmailMessages(email: unknown, o: Where): Pick<AuthIR, 'verificationEmail' | 'userInvitation'> {
  const e = (typeof email === 'object' && email !== null ? email : {}) as EmailProps;
  const style = e.verificationEmailStyle ?? 'CODE';
  if (style !== 'CODE' && style !== 'LINK')
    throw new HearthError('ConfigError', `${o.where}: verificationEmailStyle must be 'CODE' or 'LINK'.`);
  const body = e.verificationEmailBody?.(style === 'LINK' ? createLink : createCode);
  const inv = e.userInvitation;
  const invBody = inv?.emailBody?.(() => '{username}', createCode);
  return {
    verificationEmail: { style, ...(e.verificationEmailSubject ? { subject: e.verificationEmailSubject } : {}), ...(body ? { body } : {}) },
    ...(inv
      ? { userInvitation: { ...(inv.emailSubject ? { subject: inv.emailSubject } : {}), ...(invBody ? { body: invBody } : {}) } }
      : {}),
  };
}

export function compileEmailSender(senders: unknown, o: Where): AuthIR['emailSender'] {
  const email = (senders as { email?: Record<string, unknown> } | undefined)?.email;
  if (!email) return undefined;
  if (email.handler) throw new HearthError('NotSupported', `${o.where}: a custom email sender function is not supported by Hearth yet.`);
  if (typeof email.fromEmail !== 'string') throw new HearthError('ConfigError', `${o.where}: senders.email needs fromEmail.`);
  return {
    fromEmail: email.fromEmail,
    ...(typeof email.fromName === 'string' ? { fromName: email.fromName } : {}),
    ...(typeof email.replyTo === 'string' ? { replyTo: email.replyTo } : {}),
  };
}

type Grant = { resource: unknown; actions: string[] };

/** `access: (allow) => [allow.resource(fn).to([...])]` → function name → operations. */
export function compileAccess(access: unknown, o: Where & { functions: FunctionTable; userPoolId: string }): AuthIR['access'] {
  if (access === undefined) return undefined;
  if (typeof access !== 'function')
    throw new HearthError('ConfigError', `${o.where}: defineAuth access must be a function (allow) => [...].`);
  const allow = { resource: (resource: unknown) => ({ to: (actions: string[]) => ({ resource, actions }) }) };
  const out: Record<string, string[]> = {};
  for (const g of (access(allow) ?? []) as Grant[]) {
    const fn = o.functions.add(g.resource);
    for (const action of g.actions) {
      const ops = ACCESS_ACTIONS[action];
      if (!ops) throw new HearthError('ConfigError', `${o.where}: unknown auth access action "${action}" for function ${fn.name}.`);
      out[fn.name] = [...new Set([...(out[fn.name] ?? []), ...ops])];
    }
    // the function's env needs the pool id (lambda-env); the IR object is shared with BackendIR.functions
    fn.authAccess = { userPoolId: o.userPoolId, operations: out[fn.name] ?? [] };
  }
  return out;
}
