import { describe, expect, it } from 'vitest';
import { ready } from '@safeplan/schema/crypto';
import { createRoleChange } from './create-member-events.ts';
import { createRemoval } from './create-rotation-events.ts';
import { decodeEvent, type DeviceCap, type EventBody } from './event-codec.ts';
import { keyId, writeStanding } from './state.ts';
import { forgeEvent, handoverWorld, refusal } from './testing/handover-world.ts';
import { appendEvent, validateLog } from './validate-log.ts';

const s = await ready();
const T0 = Date.UTC(2026, 2, 2, 9, 0);

describe('a removal or demotion caps each device’s clock, whatever log position its later writes name', () => {
  it('a demotion caps the plan channel of every device of the person; a later removal caps everything, and the demotion’s cap still holds', () => {
    const w = handoverWorld(s, T0);
    const clocks = new Map([[keyId(w.chair.sign.publicKey), 5], [keyId(w.chairTablet.sign.publicKey), 7]]);
    const clockOf = (d: Uint8Array) => clocks.get(keyId(d)) ?? 0;
    const asEditor = w.log.state.length;
    const demotion = w.log.add(createRoleChange(s, w.log.state, { owner: w.pro, person: w.chair.sign.publicKey, role: 'contributor', now: w.log.tick(), clockOf }));
    const ev = decodeEvent(demotion.event);
    expect(ev.version).toBe(4);
    expect((ev.body as { caps: DeviceCap[] }).caps.map((c) => [keyId(c.device), c.clock])).toEqual([...clocks]);
    const st = w.log.state;
    const write = (d: typeof w.chair, channel: 'plan' | 'contributions', clock: number) => writeStanding(st, d.sign.publicKey, st.epoch, channel, asEditor, clock);
    // A position from before the demotion (a lie, or an honest late write): the clock decides.
    expect(write(w.chair, 'plan', 5)).toBeNull();
    expect(write(w.chair, 'plan', 6)).toBe('after-demotion');
    expect(write(w.chairTablet, 'plan', 7)).toBeNull();
    expect(write(w.chairTablet, 'plan', 8)).toBe('after-demotion');
    expect(write(w.chair, 'contributions', 100)).toBeNull();

    const beforeRemoval = w.log.state.length;
    clocks.set(keyId(w.chair.sign.publicKey), 9);
    clocks.set(keyId(w.chairTablet.sign.publicKey), 9);
    w.log.add(createRemoval(s, w.log.state, { owner: w.pro, subject: w.chair.sign.publicKey, scope: 'person', now: w.log.tick(), clockOf }));
    const gone = w.log.state;
    const late = (channel: 'plan' | 'contributions', clock: number) => writeStanding(gone, w.chair.sign.publicKey, 0, channel, beforeRemoval, clock);
    expect(late('contributions', 9)).toBeNull();
    expect(late('contributions', 10)).toBe('after-removal');
    expect(late('plan', 6)).toBe('after-demotion');
  });

  it('a channel given back drops its cap', () => {
    const w = handoverWorld(s, T0);
    w.log.add(createRoleChange(s, w.log.state, { owner: w.pro, person: w.parent.sign.publicKey, role: 'reader', now: w.log.tick(), clockOf: () => 3 }));
    expect(w.log.state.caps.get(keyId(w.parent.sign.publicKey))).toEqual({ plan: 3, contributions: 3 });
    w.log.add(createRoleChange(s, w.log.state, { owner: w.pro, person: w.parent.sign.publicKey, role: 'editor', now: w.log.tick(), clockOf: () => 99 }));
    const st = w.log.state;
    expect(st.caps.get(keyId(w.parent.sign.publicKey))).toEqual({});
    expect(writeStanding(st, w.parent.sign.publicKey, st.epoch, 'plan', st.length, 50)).toBeNull();
  });

  it('a new removal or demotion must cap exactly the devices it concerns; an old one without caps stands only in a log already held', () => {
    const w = handoverWorld(s, T0);
    const state = w.log.state;
    const at = w.log.now + 1000;
    const demote = (caps?: DeviceCap[]): EventBody => ({ type: 'set-role', person: w.chair.sign.publicKey, role: 'reader', ...(caps ? { caps } : {}) });
    const tryIt = (body: EventBody) => refusal(() => appendEvent(s, state, forgeEvent(s, w.pro.sign, state, body, { timestamp: at }), at));
    const phone = { device: w.chair.sign.publicKey, clock: 1 };
    const tablet = { device: w.chairTablet.sign.publicKey, clock: 1 };
    expect(tryIt(demote())).toBe('invalid-event: a removal, role change or closure names the last clock of each device it takes a right from (event version 4)');
    expect(tryIt(demote([phone]))).toBe('invalid-event: every device this event takes a right from needs its cap');
    expect(tryIt(demote([phone, phone]))).toBe('invalid-event: a device is capped twice');
    expect(tryIt(demote([phone, tablet, { device: w.parent.sign.publicKey, clock: 1 }]))).toBe('invalid-event: a cap names a device this event takes no right from');
    expect(tryIt(demote([phone, tablet]))).toBe('accepted');
    // A promotion takes nothing: its list is empty.
    const promote: EventBody = { type: 'set-role', person: w.youthPro.sign.publicKey, role: 'editor', caps: [{ device: w.youthPro.sign.publicKey, clock: 1 }] };
    expect(tryIt(promote)).toBe('invalid-event: a cap names a device this event takes no right from');

    // Written before caps existed (event version 3 and older): still valid in a stored log, and sets no cap.
    const old = forgeEvent(s, w.pro.sign, state, demote(), { timestamp: at });
    expect(decodeEvent(old).version).toBe(2);
    const stored = validateLog(s, [...w.log.events, old], at);
    expect(stored.caps.size).toBe(0);
  });
});
