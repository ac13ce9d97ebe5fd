import type { AuthService } from '../../auth/index.js';
import { HearthError } from '../../util/errors.js';
import type { JsonBody } from './json-target-handler.js';
import { requiredString } from './params.js';

function setting(body: JsonBody, name: string): { enabled?: boolean; preferred?: boolean } | undefined {
  const v = body[name] as { Enabled?: unknown; PreferredMfa?: unknown } | undefined | null;
  if (v === undefined || v === null) return undefined;
  const ok = typeof v === 'object' && [v.Enabled, v.PreferredMfa].every((b) => b === undefined || typeof b === 'boolean');
  if (!ok)
    throw new HearthError(
      'InvalidParameter',
      `1 validation error detected: Value at '${name}' failed to satisfy constraint: {Enabled, PreferredMfa} booleans`,
    );
  return {
    ...(v.Enabled !== undefined ? { enabled: v.Enabled as boolean } : {}),
    ...(v.PreferredMfa !== undefined ? { preferred: v.PreferredMfa as boolean } : {}),
  };
}

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserMFAPreference.html */
export async function setUserMfaPreferenceOperation(auth: Pick<AuthService, 'setUserMfaPreference'>, body: JsonBody) {
  const totp = setting(body, 'SoftwareTokenMfaSettings');
  const email = setting(body, 'EmailMfaSettings');
  const sms = setting(body, 'SMSMfaSettings');
  await auth.setUserMfaPreference({
    accessToken: requiredString(body, 'AccessToken'),
    ...(totp ? { totp } : {}),
    ...(email ? { email } : {}),
    ...(sms ? { sms } : {}),
  });
  return {};
}
