/**
 * Integration pre-shared keys: 256 random bits, URL-safe, returned once. Only a random salt and a
 * scrypt hash are stored; checks compare in constant time.
 */
import { createHmac, randomBytes, scrypt as scryptCallback, timingSafeEqual, type BinaryLike } from 'node:crypto';

const KEY_BYTES = 32;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
// scrypt's recommended interactive cost (N = 2^14, r = 8, p = 1): tens of milliseconds a guess.
const SCRYPT = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

const scrypt = (secret: BinaryLike, salt: Buffer): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCallback(secret, salt, HASH_BYTES, SCRYPT, (e, key) => (e ? reject(e) : resolve(key))));

export const newPsk = (): string => randomBytes(KEY_BYTES).toString('base64url');

export const hashPsk = async (psk: string): Promise<{ salt: Buffer; hash: Buffer }> => {
  const salt = randomBytes(SALT_BYTES);
  return { salt, hash: await scrypt(psk, salt) };
};

export const verifyPsk = async (psk: string, salt: Buffer, hash: Buffer): Promise<boolean> => {
  const candidate = await scrypt(psk, salt);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
};

/** Spends the time of a real check, so that an unknown integration answers as slowly as a wrong key. */
const decoySalt = randomBytes(SALT_BYTES);
export const decoyCheck = async (psk: string | undefined): Promise<false> => {
  await scrypt(psk ?? '', decoySalt);
  return false;
};

/**
 * Keys already verified, so that a client sending thousands of requests pays scrypt once. Held in
 * memory only, as an HMAC under a key that lives as long as the process: the key's fingerprint,
 * which also tells concurrent checks of the same key apart without holding the key itself.
 */
export class VerifiedKeys {
  private readonly secret = randomBytes(32);
  private readonly known = new Map<string, Buffer>();

  fingerprint(psk: string): Buffer {
    return createHmac('sha256', this.secret).update(psk).digest();
  }

  /** Whether the key of `fingerprint` was verified for `scope`; as long whether the scope is known or not. */
  has(scope: string, fingerprint: Buffer): boolean {
    const known = this.known.get(scope);
    return known !== undefined && timingSafeEqual(known, fingerprint);
  }

  add(scope: string, psk: string): void {
    if (this.known.size > 10_000) this.known.clear();
    this.known.set(scope, this.fingerprint(psk));
  }
}
