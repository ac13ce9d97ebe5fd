import { HearthError } from '../util/errors.js';
import type { AuthIR } from './types.js';

export interface ReferenceAuthProps {
  userPoolId?: unknown;
  userPoolClientId?: unknown;
  identityPoolId?: unknown;
  groups?: unknown;
  access?: unknown;
}

/**
 * referenceAuth props → an AuthIR holding the ids given, marked as a reference. The rest of the
 * pool's settings (sign-in, attributes, password policy, groups) come from the backend that serves
 * it, read at start from the shared database (src/auth/user-pool-directory.ts).
 * See https://docs.amplify.aws/react/build-a-backend/auth/use-existing-cognito-resources/
 */
export function compileReferencedAuth(props: ReferenceAuthProps, where: string): AuthIR {
  const id = (key: keyof ReferenceAuthProps): string => {
    const v = props[key];
    if (typeof v !== 'string' || !v) throw new HearthError('ConfigError', `${where}: referenceAuth needs ${key} (a string).`);
    return v;
  };
  // the functions' Cognito operations would go to this backend, which serves no user pool
  if (props.access !== undefined)
    throw new HearthError(
      'NotSupported',
      `${where}: referenceAuth access is not supported by Hearth yet; grant it in the pool's own defineAuth.`,
    );
  const groups = props.groups && typeof props.groups === 'object' ? Object.keys(props.groups) : [];
  return {
    userPoolId: id('userPoolId'),
    userPoolClientId: id('userPoolClientId'),
    identityPoolId: id('identityPoolId'),
    loginWith: { email: true, phone: false },
    requiredAttributes: ['email'],
    groups,
    triggers: {},
    passwordPolicy: { minLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
    allowUnauthenticatedIdentities: true,
    reference: { where },
  };
}
