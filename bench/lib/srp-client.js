/**
 * A native-modexp SRP-6a client that computes exactly what the Amplify JS client computes
 * (reference client-protocols.md §B), with OpenSSL doing the 3072-bit modular exponentiation
 * through a reused DiffieHellman object instead of BigInt arithmetic.
 *
 * Two load-generator savings that do not change a single byte on the wire:
 * - ephemeral pairs (a, A = g^a) can be precomputed before a timed run (each pair is used once);
 * - g^x is cached per (user id, salt, password), since x is deterministic.
 */
import { createDiffieHellman, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437' +
  '4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05' +
  '98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33' +
  'A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864' +
  'D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

const N = BigInt(`0x${N_HEX}`);
const g = 2n;

/** Java BigInteger.toByteArray() style hex of a non-negative integer (§B.1). */
export function padHex(n) {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if ('89abcdef'.includes(hex[0])) hex = `00${hex}`;
  return hex;
}

const hashHex = (hex) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
const hashUtf8 = (s) => createHash('sha256').update(s, 'utf8').digest('hex');
const big = (hex) => BigInt(`0x${hex}`);
const bytes = (n) => Buffer.from(padHex(n), 'hex');
const fromBytes = (b) => (b.length === 0 ? 0n : big(b.toString('hex')));

export const SRP_K = big(hashHex(padHex(N) + padHex(g)));
if (SRP_K.toString(16) !== '538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6') {
  throw new Error('SRP k constant mismatch');
}

const dh = createDiffieHellman(Buffer.from(N_HEX, 'hex'), Buffer.from([2]));

function slowModPow(base, exp) {
  let r = 1n;
  let b = base % N;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % N;
    b = (b * b) % N;
  }
  return r;
}

/** base^exp mod N in OpenSSL: g^e via setPrivateKey+generateKeys, other bases via computeSecret. */
export function modPow(base, exp) {
  const b = ((base % N) + N) % N;
  if (exp === 0n) return 1n;
  if (b <= 1n || b === N - 1n) return slowModPow(b, exp); // OpenSSL rejects these as DH public keys
  dh.setPrivateKey(bytes(exp));
  if (b === g) {
    dh.generateKeys();
    return fromBytes(dh.getPublicKey());
  }
  return fromBytes(dh.computeSecret(bytes(b)));
}

/** A fresh client ephemeral: a = 128 random bytes, A = g^a mod N (A mod N ≠ 0), as the client does. */
export function newEphemeral() {
  for (let i = 0; i < 100; i++) {
    const a = fromBytes(randomBytes(128));
    const A = modPow(g, a);
    if (a !== 0n && A % N !== 0n) return { a, A };
  }
  throw new Error('could not draw an SRP ephemeral');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n) => String(n).padStart(2, '0');

/** "Tue Jan 2 03:04:05 UTC 2024": day of month unpadded (§B.3). */
export function srpTimestamp(d = new Date()) {
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/**
 * @param {{ poolName: string, call: (op: string, body: object) => Promise<any>, clientId: string }} o
 */
export function createSrpClient(o) {
  const pool = [];
  const gxCache = new Map();

  function gPowX(userId, saltHex, password) {
    const inner = hashUtf8(`${o.poolName}${userId}:${password}`);
    const x = big(hashHex(padHex(big(saltHex)) + inner));
    const key = `${userId}\u0000${saltHex}\u0000${password}`;
    let gx = gxCache.get(key);
    if (gx === undefined) {
      gx = modPow(g, x);
      gxCache.set(key, gx);
    }
    return { x, gx };
  }

  return {
    /** Precompute n ephemerals (bounded) so a timed run measures the server, not the client's g^a. */
    precompute(n) {
      for (let i = 0; i < n && i < 100_000; i++) pool.push(newEphemeral());
    },
    get pooled() {
      return pool.length;
    },
    /**
     * USER_SRP_AUTH → PASSWORD_VERIFIER. Returns the AuthenticationResult and the time spent
     * waiting on the two requests (rttMs) versus the whole sign-in.
     */
    async signIn(username, password, opts = {}) {
      const { a, A } = opts.ephemeral ?? pool.pop() ?? newEphemeral();
      let t = performance.now();
      const init = await o.call('InitiateAuth', {
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: o.clientId,
        AuthParameters: { USERNAME: username, SRP_A: A.toString(16) },
      });
      let rttMs = performance.now() - t;
      if (init.ChallengeName !== 'PASSWORD_VERIFIER')
        throw new Error(`InitiateAuth: expected PASSWORD_VERIFIER, got ${init.ChallengeName}`);
      const p = init.ChallengeParameters ?? {};
      const userId = p.USER_ID_FOR_SRP;
      if (!userId) throw new Error('InitiateAuth: no USER_ID_FOR_SRP');
      const B = big(p.SRP_B);
      if (B % N === 0n) throw new Error('InitiateAuth: B mod N = 0');
      const u = big(hashHex(padHex(A) + padHex(B)));
      if (u === 0n) throw new Error('u = 0');
      const { x, gx } = gPowX(userId, p.SALT, password);
      const S = modPow(B - SRP_K * gx, a + u * x);
      const key = Buffer.from(hkdfSync('sha256', bytes(S), bytes(u), 'Caldera Derived Key', 16));
      const timestamp = srpTimestamp();
      const signature = createHmac('sha256', key)
        .update(Buffer.from(o.poolName, 'utf8'))
        .update(Buffer.from(userId, 'utf8'))
        .update(Buffer.from(p.SECRET_BLOCK, 'base64'))
        .update(Buffer.from(timestamp, 'utf8'))
        .digest('base64');
      t = performance.now();
      const res = await o.call('RespondToAuthChallenge', {
        ChallengeName: 'PASSWORD_VERIFIER',
        ClientId: o.clientId,
        ChallengeResponses: {
          USERNAME: userId,
          PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
          TIMESTAMP: timestamp,
          PASSWORD_CLAIM_SIGNATURE: signature,
        },
        ...(init.Session ? { Session: init.Session } : {}),
      });
      rttMs += performance.now() - t;
      if (!res.AuthenticationResult?.AccessToken) throw new Error(`RespondToAuthChallenge: no tokens (ChallengeName ${res.ChallengeName})`);
      return { tokens: res.AuthenticationResult, userId, rttMs };
    },
  };
}
