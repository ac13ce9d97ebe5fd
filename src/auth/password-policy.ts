import type { PasswordPolicyIR } from '../ir/types.js';
import { HearthError } from '../util/errors.js';

/** Cognito's symbol set for password policies (https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html). */
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/**
 * Throws InvalidPassword with Cognito's wording ("Password did not conform with policy: …"),
 * reporting the first rule broken, in the order Cognito checks them.
 */
export function checkPasswordPolicy(policy: PasswordPolicyIR, password: string): void {
  const rules: [boolean, string][] = [
    [password.length >= policy.minLength, 'Password not long enough'],
    [!policy.requireLowercase || /[a-z]/.test(password), 'Password must have lowercase characters'],
    [!policy.requireUppercase || /[A-Z]/.test(password), 'Password must have uppercase characters'],
    [!policy.requireNumbers || /[0-9]/.test(password), 'Password must have numeric characters'],
    [!policy.requireSymbols || SYMBOLS.test(password), 'Password must have symbol characters'],
  ];
  const broken = rules.find(([ok]) => !ok);
  if (broken) throw new HearthError('InvalidPassword', `Password did not conform with policy: ${broken[1]}`);
}
