import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateDeviceKeys, NonceSource, ready, toBase64Url } from '@safeplan/schema/crypto';
import { createGenesis, createInvite, createJoin, sealEnvelope, writeStanding, type Channel, type EnvelopeKind } from '@safeplan/schema/protocol';
import { checkEnvelope, CheckError, type CheckContext } from './envelope-checks.ts';
import { viewOfState } from './membership-view.ts';

/** A client judges every delivered envelope itself; these are the kinds it must refuse. */
describe('a client refuses bad envelopes', async () => {
  const s = await ready();
  const owner = generateDeviceKeys(s);
  const stranger = generateDeviceKeys(s);
  const { planId, epochKey } = createGenesis(s, { device: owner, now: Date.now() });
  const otherPlan = createGenesis(s, { device: owner, now: Date.now() });
  const nonces = NonceSource.random(s);
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'hallo');
  const update = Y.encodeStateAsUpdate(doc);
  const seal = (o: { clock?: number; plan?: Uint8Array; author?: typeof owner; key?: Uint8Array }) =>
    sealEnvelope(s, { planId: o.plan ?? planId, epoch: 0, author: (o.author ?? owner).sign, clock: o.clock ?? 1, kind: 'update' }, o.key ?? epochKey, update, nonces);
  const ctx = (clocks: Map<string, number> = new Map()): CheckContext => ({
    planId,
    keyFor: (author) => (toBase64Url(author) === toBase64Url(owner.sign.publicKey) ? epochKey : undefined),
    clocks,
    standing: () => null,
  });
  const codeOf = (bytes: Uint8Array, c = ctx()) => {
    try {
      checkEnvelope(s, bytes, c);
      return 'accepted';
    } catch (err) {
      return err instanceof CheckError ? err.code : `other: ${String(err)}`;
    }
  };

  it('accepts a good one and hands back the update', () => {
    const checked = checkEnvelope(s, seal({}), ctx());
    expect(checked.kind).toBe('update');
    const copy = new Y.Doc();
    if (checked.kind === 'update') Y.applyUpdate(copy, checked.plaintext);
    expect(copy.getText('t').toString()).toBe('hallo');
  });

  it('refuses each kind of bad envelope with its own code', () => {
    const good = seal({});
    const flipped = good.slice();
    flipped[flipped.length - 70]! ^= 1;
    expect(codeOf(flipped)).toBe('bad-signature');
    expect(codeOf(good.slice(0, 20))).toBe('malformed');
    expect(codeOf(seal({ plan: otherPlan.planId }))).toBe('cross-plan');
    expect(codeOf(seal({ author: stranger }))).toBe('not-a-member');
    expect(codeOf(seal({ key: otherPlan.epochKey }))).toBe('tampered');
    const seen = new Map([[toBase64Url(owner.sign.publicKey), 1]]);
    expect(codeOf(seal({ clock: 1 }), ctx(seen))).toBe('replayed');
    expect(codeOf(seal({ clock: 3 }), ctx(seen))).toBe('clock-gap');
    expect(codeOf(seal({ clock: 2 }), ctx(seen))).toBe('accepted');
  });

  it("refuses a contributor's plan update that a relay let through, and accepts their contributions", () => {
    const g = createGenesis(s, { device: owner, now: Date.now() });
    const join = (role: 'contributor' | 'reader', device: typeof owner, state = g.state) => {
      const now = Date.now();
      const invite = createInvite(s, state, { inviter: owner, epochKey: g.epochKey, expiresAt: now + 60_000, now, role });
      return createJoin(s, invite.state, { secret: invite.secret, device, now }).state;
    };
    const contributor = generateDeviceKeys(s);
    const reader = generateDeviceKeys(s);
    const state = join('reader', reader, join('contributor', contributor));
    const view: CheckContext = {
      planId: g.planId,
      keyFor: viewOfState(state, new Map([[0, g.epochKey]])).keyFor,
      clocks: new Map(),
      standing: (author, epoch, channel, position) => writeStanding(state, author, epoch, channel, position),
    };
    // Signed by its author and sealed under the right epoch key: only the role can refuse it.
    const by = (author: typeof owner, channel: Channel, kind: EnvelopeKind = 'update') =>
      sealEnvelope(s, { planId: g.planId, epoch: 0, author: author.sign, clock: kind === 'presence' ? 0 : 1, kind, channel }, g.epochKey, update, nonces);
    const outcome = (bytes: Uint8Array) => codeOf(bytes, view);

    expect(outcome(by(contributor, 'plan'))).toBe('not-allowed');
    expect(outcome(by(contributor, 'plan', 'snapshot'))).toBe('not-allowed');
    const accepted = checkEnvelope(s, by(contributor, 'contributions'), view);
    expect(accepted).toMatchObject({ kind: 'update', channel: 'contributions', author: toBase64Url(contributor.sign.publicKey), clock: 1 });
    expect(outcome(by(reader, 'contributions'))).toBe('not-allowed');
    expect(outcome(by(reader, 'plan'))).toBe('not-allowed');
    // Presence is no write: every member is seen, whatever their role.
    expect([outcome(by(reader, 'plan', 'presence')), outcome(by(contributor, 'plan', 'presence'))]).toEqual(['accepted', 'accepted']);
    expect(checkEnvelope(s, by(owner, 'plan'), view)).toMatchObject({ kind: 'update', channel: 'plan' });
    expect(outcome(by(stranger, 'contributions'))).toBe('not-a-member');
  });
});
