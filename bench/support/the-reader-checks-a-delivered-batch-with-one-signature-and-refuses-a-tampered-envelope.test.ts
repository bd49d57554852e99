import { expect, test } from 'vitest';
import { NonceSource, ready } from '@safeplan/schema/crypto';
import { ChainLinks, sealOwn } from '../../client/src/sync/chain-links.ts';
import { loadTrace } from '../trace.ts';
import { PlanReader } from './reader.ts';
import { newSharedPlan } from './relay-client.ts';
import { TraceAuthor } from './trace-author.ts';

const s = await ready();
const edits = loadTrace().edits.slice(0, 40);

/** Forty trace edits sealed as the engine seals them (one author chain), and the text they make. */
function sealedTrace(plan: ReturnType<typeof newSharedPlan>): { envelopes: Uint8Array[]; text: string } {
  const author = new TraceAuthor();
  const links = new ChainLinks(s);
  const nonces = NonceSource.random(s);
  const keys = plan.members[0]!.sign;
  const envelopes = edits.map((e, i) =>
    sealOwn(s, links, { planId: plan.planId, epoch: 0, author: keys, clock: i + 1, kind: 'update', logPosition: plan.state.length }, plan.epochKey, author.edit(e), nonces),
  );
  return { envelopes, text: author.text.toString() };
}

test('frames that arrive in one turn are authenticated as one batch: one signature for the run, the text of the author', async () => {
  const plan = newSharedPlan(s, 2);
  const { envelopes, text } = sealedTrace(plan);
  const reader = new PlanReader(s, plan);
  for (const e of envelopes) reader.receive(e);
  await reader.idle();
  expect(reader.applied).toBe(40);
  expect(reader.runStats).toEqual({ batches: 1, signatures: 1 });
  expect(reader.doc.getText('text').toString()).toBe(text);
});

test('a tampered envelope in the batch is refused and nothing after it is applied', async () => {
  const plan = newSharedPlan(s, 2);
  const { envelopes } = sealedTrace(plan);
  const tampered = envelopes[10]!.slice();
  tampered[tampered.length - 70]! ^= 1; // a ciphertext byte
  envelopes[10] = tampered;
  const reader = new PlanReader(s, plan);
  for (const e of envelopes) reader.receive(e);
  await expect(reader.idle()).rejects.toThrow('bad-signature');
  expect(reader.applied).toBe(10);
});
