import { describe, expect, it } from 'vitest';
import { authIR } from '../../../test/support/auth-fakes.js';
import { allowedOrigin, relyingParty } from './relying-party.js';

const clientData = (origin: string) => Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: 'x', origin })).toString('base64url');
const refusal = (origin: string, rp: string) => {
  try {
    return allowedOrigin(clientData(origin), rp);
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('passkey relying party', () => {
  it('lets the relying party and its subdomains in, over https, and http only on localhost', () => {
    expect(refusal('https://example.com', 'example.com')).toBe('https://example.com');
    expect(refusal('https://app.example.com:8443', 'example.com')).toBe('https://app.example.com:8443');
    expect(refusal('http://localhost:5173', 'localhost')).toBe('http://localhost:5173');
    expect(refusal('http://example.com', 'example.com')).toBe('WebAuthnOriginNotAllowed');
    expect(refusal('https://evilexample.com', 'example.com')).toBe('WebAuthnOriginNotAllowed');
    expect(refusal('https://example.com.evil.net', 'example.com')).toBe('WebAuthnOriginNotAllowed');
    expect(refusal('http://127.0.0.1:5173', 'localhost')).toBe('WebAuthnOriginNotAllowed');
    expect(() => allowedOrigin('not base64 json', 'localhost')).toThrow(/clientDataJSON/);
  });

  it("resolves 'AUTO' from where Hearth is served, and refuses a pool without passkeys", () => {
    const ir = authIR({ passwordless: { emailOtp: false, webAuthn: { relyingPartyId: 'AUTO', userVerification: 'required' } } });
    expect(relyingParty({ ir, issuerBaseUrl: 'http://127.0.0.1:4000' })).toEqual({ id: 'localhost', userVerification: 'required' });
    expect(relyingParty({ ir, issuerBaseUrl: 'http://127.0.0.1:4000', publicBaseUrl: 'https://auth.example.com' }).id).toBe(
      'auth.example.com',
    );
    expect(() => relyingParty({ ir: authIR(), issuerBaseUrl: 'http://127.0.0.1:4000' })).toThrow(/not enabled/);
  });
});
