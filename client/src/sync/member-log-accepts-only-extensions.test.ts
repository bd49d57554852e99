import { describe, expect, it } from 'vitest';
import { generateDeviceKeys, ready } from '@safeplan/schema/crypto';
import { createGenesis, createInvite } from '@safeplan/schema/protocol';
import { LogConflictError, MemberLog } from './member-log.ts';

describe("a device's copy of the member log", async () => {
  const s = await ready();
  const owner = generateDeviceKeys(s);
  const now = Date.now();
  const g = createGenesis(s, { device: owner, now });
  const invite = (state = g.state) => createInvite(s, state, { inviter: owner, epochKey: g.epochKey, expiresAt: now + 60_000, now });
  const fresh = () => new MemberLog(s, owner, [g.event], g.state, new Map());

  it('takes a longer log that starts with its own, and names what the relay lacks', () => {
    const a = invite();
    const log = fresh();
    expect(log.adoptFull([g.event, a.event], now)).toEqual({ changed: true, missing: [] });
    expect(log.events).toHaveLength(2);
    expect(log.keyFor(0)).toEqual(g.epochKey);
    const b = invite(a.state);
    const ahead = new MemberLog(s, owner, [g.event, a.event, b.event], b.state, new Map());
    expect(ahead.adoptFull([g.event], now)).toEqual({ changed: false, missing: [a.event, b.event] });
  });

  it('refuses a log that rewrites history, or does not validate, and keeps its own', () => {
    const log = fresh();
    log.adoptFull([g.event, invite().event], now);
    const rewritten = [g.event, invite().event]; // another invite at the same place
    expect(() => log.adoptFull(rewritten, now)).toThrow(LogConflictError);
    const forged = invite().event.slice();
    forged[forged.length - 1]! ^= 1;
    expect(() => fresh().appendLive([forged], now)).toThrow(LogConflictError);
    expect(log.events).toHaveLength(2);
  });
});
