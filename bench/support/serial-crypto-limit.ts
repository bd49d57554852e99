import { aeadDecrypt, aeadEncrypt, signDetached, SIGN_DOMAINS, verifyDetached, generateDeviceKeys, type Sodium } from '@safeplan/schema/crypto';
import { percentile } from './stats.ts';

/**
 * The serial crypto limit of one envelope on this machine, measured in the same run as the
 * pipeline it judges: one Ed25519 sign (author), one verify (reader), one XChaCha20-Poly1305 seal
 * and open, each with the product's own functions over libsodium as given (the WebAssembly build
 * the app ships, unless the caller patched it). One thread doing nothing else tops out at
 * 1 / (sign + verify + seal + open) envelopes per second; a pipeline that verifies every envelope
 * serially cannot beat it, one that verifies runs of envelopes at once (hash chains) can.
 */
interface SerialCryptoLimit {
  signMicros: number;
  verifyMicros: number;
  aeadSealMicros: number;
  aeadOpenMicros: number;
  perEnvelopeMicros: number;
  envelopesPerSecond: number;
}

/**
 * `signedBytes`: what is signed per envelope (header + ciphertext); `plaintextBytes`: what is
 * encrypted. Rounds alternate the four operations so a busy moment on a shared machine hits all
 * alike; each figure is the median over rounds.
 */
export function measureSerialCryptoLimit(s: Sodium, signedBytes: number, plaintextBytes: number, rounds = 7, perRound = 300): SerialCryptoLimit {
  const keys = generateDeviceKeys(s).sign;
  const key = s.randombytes_buf(32);
  const nonce = s.randombytes_buf(24);
  const ad = s.randombytes_buf(48);
  const message = s.randombytes_buf(signedBytes);
  const plaintext = s.randombytes_buf(plaintextBytes);
  const signature = signDetached(s, SIGN_DOMAINS.envelope, message, keys.privateKey);
  const ciphertext = aeadEncrypt(s, key, nonce, ad, plaintext);
  const timeEach = (op: () => unknown): number => {
    const start = performance.now();
    for (let i = 0; i < perRound; i++) op();
    return ((performance.now() - start) * 1000) / perRound;
  };
  const samples = { sign: [] as number[], verify: [] as number[], seal: [] as number[], open: [] as number[] };
  let bad = 0;
  for (let r = 0; r < rounds; r++) {
    samples.sign.push(timeEach(() => signDetached(s, SIGN_DOMAINS.envelope, message, keys.privateKey)));
    samples.verify.push(timeEach(() => (verifyDetached(s, SIGN_DOMAINS.envelope, message, signature, keys.publicKey) ? 0 : bad++)));
    samples.seal.push(timeEach(() => aeadEncrypt(s, key, nonce, ad, plaintext)));
    samples.open.push(timeEach(() => aeadDecrypt(s, key, nonce, ad, ciphertext)));
  }
  if (bad > 0) throw new Error('the crypto limit measurement verified a bad signature');
  const median = (xs: number[]) => Math.round(percentile(xs, 50) * 10) / 10;
  const signMicros = median(samples.sign);
  const verifyMicros = median(samples.verify);
  const aeadSealMicros = median(samples.seal);
  const aeadOpenMicros = median(samples.open);
  const perEnvelopeMicros = Math.round((signMicros + verifyMicros + aeadSealMicros + aeadOpenMicros) * 10) / 10;
  return { signMicros, verifyMicros, aeadSealMicros, aeadOpenMicros, perEnvelopeMicros, envelopesPerSecond: Math.round(1e6 / perEnvelopeMicros) };
}
