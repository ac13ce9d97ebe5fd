/**
 * Server side of SRP-6a exactly as the Amplify/Cognito client computes it (reference §B):
 * RFC 3526 3072-bit group, g = 2, SHA-256, Java-style padded hex, HKDF "Caldera Derived Key".
 * Modular exponentiation runs in OpenSSL through a reused DiffieHellman object: BigInt
 * square-multiply on 3072-bit numbers is ~50x slower.
 */
import { createDiffieHellman, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { secureEqual } from '../util/secure-compare.js';

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437' +
  '4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05' +
  '98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33' +
  'A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864' +
  'D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

export const SRP_N = BigInt(`0x${N_HEX}`);
export const SRP_G = 2n;

/** Java BigInteger.toByteArray() as hex, for a non-negative number (§B.1). */
export function padHex(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if ('89abcdef'.includes(hex[0] ?? '0')) hex = `00${hex}`;
  return hex;
}

/** SHA-256 over the bytes a hex string denotes, as 64-char hex. */
export function hashHex(hex: string): string {
  return createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
}

function hashUtf8(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

export const SRP_K = BigInt(`0x${hashHex(padHex(SRP_N) + padHex(SRP_G))}`);

const dh = createDiffieHellman(Buffer.from(N_HEX, 'hex'), Buffer.from([2]));

function toBuffer(n: bigint): Buffer {
  return Buffer.from(padHex(n), 'hex');
}

function fromBuffer(b: Buffer): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${b.toString('hex')}`);
}

function slowModPow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = base % SRP_N;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % SRP_N;
    b = (b * b) % SRP_N;
  }
  return result;
}

/** base^exp mod N. OpenSSL refuses bases 0, 1 and N-1 (weak DH keys); those take the slow path. */
export function modPow(base: bigint, exp: bigint): bigint {
  const b = ((base % SRP_N) + SRP_N) % SRP_N;
  if (exp === 0n) return 1n;
  if (b <= 1n || b === SRP_N - 1n) return slowModPow(b, exp);
  // the DiffieHellman object is shared; JS runs this synchronously, so no interleaving
  dh.setPrivateKey(toBuffer(exp));
  if (b === SRP_G) {
    dh.generateKeys();
    return fromBuffer(dh.getPublicKey());
  }
  return fromBuffer(dh.computeSecret(toBuffer(b)));
}

export interface SrpVerifierInput {
  poolName: string;
  /** USER_ID_FOR_SRP: in Gen 2 email pools, the user's sub */
  userId: string;
  password: string;
  /** hex; random 16 bytes when omitted */
  saltHex?: string;
}

/** Salt and verifier v = g^x stored at sign-up; x is computed from the salt as an integer (§B.3 trap). */
export function computeSrpVerifier(i: SrpVerifierInput): { salt: string; verifier: string } {
  const salt = i.saltHex ?? randomBytes(16).toString('hex');
  const inner = hashUtf8(`${i.poolName}${i.userId}:${i.password}`);
  const x = BigInt(`0x${hashHex(padHex(BigInt(`0x${salt}`)) + inner)}`);
  return { salt, verifier: modPow(SRP_G, x).toString(16) };
}

/** Step 1: a fresh server secret b and public B = k·v + g^b (never 0 mod N). */
export function srpServerChallenge(verifierHex: string): { b: string; B: string } {
  const v = BigInt(`0x${verifierHex}`);
  for (;;) {
    const b = fromBuffer(randomBytes(32));
    const B = (SRP_K * v + modPow(SRP_G, b)) % SRP_N;
    if (B !== 0n && b !== 0n) return { b: b.toString(16), B: B.toString(16) };
  }
}

export interface SrpSessionKeyInput {
  A: string;
  B: string;
  b: string;
  verifier: string;
}

/** The 16-byte HKDF key both sides derive; undefined for an unacceptable A (A mod N = 0) or u = 0. */
export function srpSessionKey(i: SrpSessionKeyInput): Buffer | undefined {
  const A = BigInt(`0x${i.A}`);
  const B = BigInt(`0x${i.B}`);
  if (A % SRP_N === 0n) return undefined;
  const u = BigInt(`0x${hashHex(padHex(A) + padHex(B))}`);
  if (u === 0n) return undefined;
  const v = BigInt(`0x${i.verifier}`);
  const S = modPow((A * modPow(v, u)) % SRP_N, BigInt(`0x${i.b}`));
  const key = hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'), 'Caldera Derived Key', 16);
  return Buffer.from(key);
}

export interface ClaimSignatureInput {
  key: Buffer;
  poolName: string;
  userId: string;
  secretBlock: string;
  timestamp: string;
}

/** PASSWORD_CLAIM_SIGNATURE as the client computes it (§B.3). */
export function passwordClaimSignature(i: ClaimSignatureInput): string {
  return createHmac('sha256', i.key)
    .update(Buffer.from(i.poolName, 'utf8'))
    .update(Buffer.from(i.userId, 'utf8'))
    .update(Buffer.from(i.secretBlock, 'base64'))
    .update(Buffer.from(i.timestamp, 'utf8'))
    .digest('base64');
}

export function verifyPasswordClaim(i: ClaimSignatureInput & { signature: string }): boolean {
  return secureEqual(passwordClaimSignature(i), i.signature);
}
