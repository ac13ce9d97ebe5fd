/**
 * An independent client side of Cognito's SRP-6a, written from the reference (§B) with plain
 * BigInt maths, so the server is checked against the spec and not against itself.
 */
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;

function pad(n: bigint): string {
  let h = n.toString(16);
  if (h.length % 2) h = `0${h}`;
  if (/^[89a-f]/.test(h)) h = `00${h}`;
  return h;
}
const H = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
const big = (hex: string) => BigInt(`0x${hex}`);

export type PowMod = (base: bigint, exp: bigint) => bigint;

function powMod(base: bigint, exp: bigint): bigint {
  let r = 1n;
  let b = ((base % N) + N) % N;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % N;
    b = (b * b) % N;
  }
  return r;
}

export const clientK = big(H(pad(N) + pad(g)));

export function clientStart(pow: PowMod = powMod): { a: bigint; srpA: string } {
  const a = big(randomBytes(128).toString('hex'));
  return { a, srpA: pow(g, a).toString(16) };
}

export interface ClientSignInput {
  a: bigint;
  srpA: string;
  poolName: string;
  userIdForSrp: string;
  password: string;
  salt: string;
  srpB: string;
  secretBlock: string;
  timestamp: string;
}

/** `pow` may be swapped for a fast native one in benchmarks, where BigInt garbage would skew the server's numbers. */
export function clientSignature(i: ClientSignInput, pow: PowMod = powMod): string {
  const A = big(i.srpA);
  const B = big(i.srpB);
  const u = big(H(pad(A) + pad(B)));
  const inner = createHash('sha256').update(`${i.poolName}${i.userIdForSrp}:${i.password}`).digest('hex');
  const x = big(H(pad(big(i.salt)) + inner));
  const S = pow(B - clientK * pow(g, x), i.a + u * x);
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(pad(S), 'hex'), Buffer.from(pad(u), 'hex'), 'Caldera Derived Key', 16));
  return createHmac('sha256', key)
    .update(
      Buffer.concat([Buffer.from(i.poolName), Buffer.from(i.userIdForSrp), Buffer.from(i.secretBlock, 'base64'), Buffer.from(i.timestamp)]),
    )
    .digest('base64');
}
