import { expect, it } from 'vitest';
import { generateDeviceKeys, generateEpochKey, generatePlanId, NonceSource, ready } from '@safeplan/schema/crypto';
import { authenticateRuns, envelopeHash, type Authentication } from '@safeplan/schema/protocol';
import { sealedChain } from '../../../schema/src/protocol/testing/sealed-chain.ts';
import { IncomingRuns, inlineRunVerifier } from './incoming-runs.ts';

const s = await ready();
const planId = generatePlanId(s);
const key = generateEpochKey(s);
const author = generateDeviceKeys(s).sign;
const nonces = NonceSource.random(s);

const chain = (count: number): Uint8Array[] => sealedChain(s, { planId, key, nonces }, author, count);

const verdict = (a: Authentication | Promise<Authentication>): Authentication => {
  // Inline, the verdict is there at once: a live delivery is checked, applied and stored in the
  // turn its frame is handled, not a few promise hops later.
  expect(a).not.toBeInstanceOf(Promise);
  return a as Authentication;
};

it('an inline verifier answers a lone delivery and every member of a batch in the same turn, with the verdicts of authenticateRuns', () => {
  const runs = new IncomingRuns(inlineRunVerifier(s));
  const [lone, ...batch] = chain(4);
  runs.arrived(lone!);
  const alone = verdict(runs.take(lone!));
  expect(alone).toMatchObject({ ok: true, by: 'signature', hash: envelopeHash(s, lone!) });

  for (const env of batch) runs.arrived(env);
  const expected = authenticateRuns(s, batch).results;
  const got = batch.map((env) => verdict(runs.take(env)));
  expect(got.map((a) => (a.ok ? a.by : a.code))).toEqual(expected.map((a) => (a.ok ? a.by : a.code)));

  // A tampered lone envelope is refused at once too, never let through.
  const bad = chain(1)[0]!.slice();
  bad[bad.length - 1]! ^= 1;
  runs.arrived(bad);
  expect(verdict(runs.take(bad))).toMatchObject({ ok: false, code: 'bad-signature' });
});
