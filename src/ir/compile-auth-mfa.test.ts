import { parseAmplifyConfig } from '@aws-amplify/core/internals/utils';
import { describe, expect, it } from 'vitest';
import { authIR } from '../../test/support/auth-fakes.js';
import { buildOutputs } from '../codegen/outputs.js';
import { compileAccountRecovery, compileMfa } from './compile-auth-mfa.js';
import type { AuthIR, BackendIR } from './types.js';

const WHERE = 'amplify/auth/resource.ts';
const outputsFor = (auth: AuthIR) => {
  const ir: BackendIR = { projectRoot: '/app', region: 'us-east-1', auth, functions: [], addedOutputs: [] };
  return buildOutputs(ir, { baseUrl: 'http://x', dataUrl: 'http://x/graphql', cognitoUrl: 'http://x' });
};

describe('defineAuth multifactor', () => {
  it('compiles OPTIONAL / REQUIRED with totp and email, and OFF to nothing', () => {
    expect(compileMfa({ mode: 'OPTIONAL', totp: true }, WHERE)).toEqual({ mode: 'OPTIONAL', totp: true, email: false });
    expect(compileMfa({ mode: 'REQUIRED', totp: true, email: true }, WHERE)).toEqual({ mode: 'REQUIRED', totp: true, email: true });
    expect(compileMfa({ mode: 'OFF' }, WHERE)).toBeUndefined();
    expect(compileMfa(undefined, WHERE)).toBeUndefined();
  });

  it('names the file for a mode without factors, an unknown mode and SMS', () => {
    expect(() => compileMfa({ mode: 'REQUIRED' }, WHERE)).toThrow(/amplify\/auth\/resource.ts: multifactor needs at least one/);
    expect(() => compileMfa({ mode: 'ALWAYS', totp: true }, WHERE)).toThrow(/multifactor.mode must be/);
    expect(() => compileMfa({ mode: 'OPTIONAL', sms: true }, WHERE)).toThrow(/SMS multifactor is not supported/);
  });

  it('checks accountRecovery', () => {
    expect(compileAccountRecovery('EMAIL_ONLY', WHERE)).toBe('EMAIL_ONLY');
    expect(compileAccountRecovery(undefined, WHERE)).toBeUndefined();
    expect(() => compileAccountRecovery('EMAIL', WHERE)).toThrow(/accountRecovery must be one of/);
  });

  it('writes mfa_configuration and mfa_methods as ampx does, which the client reads back', () => {
    const auth = outputsFor(authIR({ mfa: { mode: 'REQUIRED', totp: true, email: true } })).auth as Record<string, unknown>;
    expect(auth).toMatchObject({ mfa_configuration: 'REQUIRED', mfa_methods: ['TOTP', 'EMAIL'] });
    const config = parseAmplifyConfig({ version: '1.4', auth } as never);
    expect(config.Auth?.Cognito.mfa).toMatchObject({ status: 'on', totpEnabled: true });
    expect(outputsFor(authIR()).auth).toMatchObject({ mfa_configuration: 'NONE', mfa_methods: [] });
  });
});
