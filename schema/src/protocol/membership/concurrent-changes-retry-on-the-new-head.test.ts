import { expect, it } from 'vitest';
import { ready } from '../../crypto/index.ts';
import { createOwnershipAccept, createOwnershipOffer, createRoleChange } from './create-member-events.ts';
import { createRemoval } from './create-rotation-events.ts';
import { personOf } from './state.ts';
import { appendEvent } from './validate-log.ts';
import { fingerprint, handoverWorld, refusal } from './testing/handover-world.ts';

const s = await ready();

const T0 = Date.UTC(2026, 4, 4, 9, 0);

function coOwned() {
  const w = handoverWorld(s, T0);
  w.log.add(createOwnershipOffer(s, w.log.state, { owner: w.pro, person: w.chair.sign.publicKey, now: w.log.tick() }));
  w.log.add(createOwnershipAccept(s, w.log.state, { device: w.chair, now: w.log.tick() }));
  return w;
}

it('two owners change roles on the same head: the second gets stale-head, and rebuilt on the new head it succeeds', () => {
  const w = coOwned();
  const head = w.log.state;
  const now = w.log.tick();
  // Both build offline from the same head (the builders check against their own copy).
  const byPro = createRoleChange(s, head, { owner: w.pro, person: w.parent.sign.publicKey, role: 'contributor', now });
  const byChair = createRoleChange(s, head, { owner: w.chair, person: w.youthPro.sign.publicKey, role: 'reader', now });

  // The relay takes the first one that arrives.
  const relay = appendEvent(s, head, byPro.event, now);
  const before = fingerprint(relay);
  expect(refusal(() => appendEvent(s, relay, byChair.event, now))).toBe('stale-head: prev is not the current head');
  expect(fingerprint(relay)).toBe(before);

  // The chair's client takes the new head and rebuilds the same intent on it.
  const retried = createRoleChange(s, relay, { owner: w.chair, person: w.youthPro.sign.publicKey, role: 'reader', now });
  const after = appendEvent(s, relay, retried.event, now);
  expect(after.length).toBe(head.length + 2);
  expect(personOf(after, w.parent.sign.publicKey)?.role).toBe('contributor');
  expect(personOf(after, w.youthPro.sign.publicKey)?.role).toBe('reader');
});

it('two owners remove the same person at once: the retry finds that person gone and is refused with a reason', () => {
  const w = coOwned();
  const head = w.log.state;
  const now = w.log.tick();
  const first = createRemoval(s, head, { owner: w.pro, subject: w.youthPro.sign.publicKey, scope: 'person', now });
  const second = createRemoval(s, head, { owner: w.chair, subject: w.youthPro.sign.publicKey, scope: 'person', now });
  const relay = appendEvent(s, head, first.event, now);
  expect(refusal(() => appendEvent(s, relay, second.event, now))).toBe('stale-head: prev is not the current head');
  expect(refusal(() => createRemoval(s, relay, { owner: w.chair, subject: w.youthPro.sign.publicKey, scope: 'person', now }))).toBe(
    'invalid-event: no such member',
  );
  expect(relay.epoch).toBe(head.epoch + 1);
});
