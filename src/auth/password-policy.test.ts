import { describe, expect, it } from 'vitest';
import { authIR } from '../../test/support/auth-fakes.js';
import { checkPasswordPolicy } from './password-policy.js';

const policy = authIR().passwordPolicy;

describe('password policy (Amplify default: 8+, lower, upper, digit, symbol)', () => {
  it.each([
    ['Ab1!', 'Password not long enough'],
    ['PASSWORD1!', 'Password must have lowercase characters'],
    ['password1!', 'Password must have uppercase characters'],
    ['Password!!', 'Password must have numeric characters'],
    ['Password11', 'Password must have symbol characters'],
  ])('%s → %s', (password, reason) => {
    expect(() => checkPasswordPolicy(policy, password)).toThrowError(`Password did not conform with policy: ${reason}`);
  });

  it('accepts a conforming password, spaces and unusual symbols included', () => {
    expect(() => checkPasswordPolicy(policy, 'Passw0rd!')).not.toThrow();
    expect(() => checkPasswordPolicy(policy, 'Correct Horse 9')).not.toThrow();
    expect(() => checkPasswordPolicy(policy, 'Abcdefg1^')).not.toThrow();
  });

  it('follows a relaxed policy', () => {
    const relaxed = { minLength: 6, requireLowercase: false, requireUppercase: false, requireNumbers: false, requireSymbols: false };
    expect(() => checkPasswordPolicy(relaxed, 'abcdef')).not.toThrow();
  });
});
