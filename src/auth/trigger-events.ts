/**
 * The user-pool trigger events, with Cognito's envelope and trigger sources (reference §9,
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html),
 * and the effects Hearth honours from their responses.
 */

import type { UserRecord } from '../db/ports.js';
import type { TriggerName } from '../ir/types.js';
import type { AuthContext } from './context.js';
import { cognitoUsername } from './federation/cognito-username.js';
import { invokeTrigger } from './invoke-trigger.js';

export type TriggerDeps = Pick<AuthContext, 'ir' | 'functions' | 'logger' | 'triggerTimeoutMs' | 'region' | 'invocations'>;

export interface TriggerCall {
  trigger: TriggerName;
  source: string;
  /** the Cognito user name: the sub in Gen 2 pools, `<provider>_<subject>` for a federated user */
  userName: string;
  clientId?: string;
  request: Record<string, unknown>;
  version?: string;
}

/** Runs the trigger when one is attached; returns its `response` (undefined when none is attached). */
export async function runTrigger(d: TriggerDeps, c: TriggerCall): Promise<Record<string, any> | undefined> {
  if (!d.ir.triggers[c.trigger]) return undefined;
  return responseOf(await invokeTrigger(d, c.trigger, triggerEvent(d, c)));
}

/** the event Cognito sends for `c`, with its common envelope */
export function triggerEvent(d: Pick<TriggerDeps, 'ir' | 'region'>, c: TriggerCall) {
  return {
    version: c.version ?? '1',
    region: d.region,
    userPoolId: d.ir.userPoolId,
    userName: c.userName,
    triggerSource: c.source,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: c.clientId ?? 'CLIENT_ID_NOT_APPLICABLE' },
    request: dropUndefined(c.request),
    response: {},
  };
}

/** the `response` of a trigger's answer (`{}` when it has none) */
export function responseOf(out: Record<string, unknown> | undefined): Record<string, any> {
  const response = out?.response;
  return response && typeof response === 'object' ? (response as Record<string, any>) : {};
}

const dropUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** `request.userAttributes` as Cognito sends them: every attribute plus `cognito:user_status`. */
export function eventAttributes(user: Pick<UserRecord, 'attributes' | 'status'>): Record<string, string> {
  return { ...user.attributes, 'cognito:user_status': user.status };
}

export interface UserTriggerInput {
  user: UserRecord;
  clientId?: string;
  clientMetadata?: Record<string, string>;
}

/** PostConfirmation_ConfirmSignUp (also AdminConfirmSignUp) or PostConfirmation_ConfirmForgotPassword. */
export async function runPostConfirmation(
  d: TriggerDeps,
  i: UserTriggerInput & { source: 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword' },
): Promise<void> {
  await runTrigger(d, {
    trigger: 'postConfirmation',
    source: i.source,
    userName: cognitoUsername(i.user),
    clientId: i.clientId,
    request: { userAttributes: eventAttributes(i.user), clientMetadata: i.clientMetadata },
  });
}

/** PreAuthentication: a throw refuses the sign-in before any token exists. */
export async function runPreAuthentication(
  d: TriggerDeps,
  i: UserTriggerInput & { validationData?: Record<string, string> },
): Promise<void> {
  await runTrigger(d, {
    trigger: 'preAuthentication',
    source: 'PreAuthentication_Authentication',
    userName: cognitoUsername(i.user),
    clientId: i.clientId,
    request: { userAttributes: eventAttributes(i.user), validationData: i.validationData, clientMetadata: i.clientMetadata },
  });
}

/** PostAuthentication: runs after the password is proven; a throw still fails the sign-in. */
export async function runPostAuthentication(d: TriggerDeps, i: UserTriggerInput): Promise<void> {
  await runTrigger(d, {
    trigger: 'postAuthentication',
    source: 'PostAuthentication_Authentication',
    userName: cognitoUsername(i.user),
    clientId: i.clientId,
    request: { userAttributes: eventAttributes(i.user), newDeviceUsed: false, clientMetadata: i.clientMetadata },
  });
}

export interface PreSignUpResult {
  autoConfirmUser: boolean;
  autoVerifyEmail: boolean;
}

/** PreSignUp_SignUp / PreSignUp_AdminCreateUser: a throw means the user is not created. */
export async function runPreSignUp(
  d: TriggerDeps,
  i: UserTriggerInput & {
    source: 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser' | 'PreSignUp_ExternalProvider';
    validationData?: Record<string, string>;
  },
): Promise<PreSignUpResult> {
  const r = await runTrigger(d, {
    trigger: 'preSignUp',
    source: i.source,
    userName: cognitoUsername(i.user),
    clientId: i.clientId,
    request: { userAttributes: i.user.attributes, validationData: i.validationData, clientMetadata: i.clientMetadata },
  });
  return { autoConfirmUser: r?.autoConfirmUser === true, autoVerifyEmail: r?.autoVerifyEmail === true };
}
