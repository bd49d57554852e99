import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fromBase64Url, NonceSource, ready, type DeviceKeys } from '@safeplan/schema/crypto';
import { authenticateRuns, decodeRelayFrame, encodeRelayFrame, envelopeHash, sealEnvelope, verifyEnvelope } from '@safeplan/schema/protocol';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { createPlanLibrary } from '../../client/src/sync/index.ts';
import { createMemoryStore } from '../../client/src/storage/memory-kv.ts';
import { describeState, newClient, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

const s = await ready();
const { net } = relayForThisFile();
const text = (session: EngineSession) => session.doc.getText('t').toString();

describe("an author's chain of updates", () => {
  it("a fork signed by the author's own key (a second history) is refused, named for its author, stored nowhere, and the real edits still arrive", async () => {
    const anna = newClient(net, 'anna');
    const bram = newClient(net, 'bram');
    const mine = (await anna.lib.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
    const theirs = (await bram.lib.join(await anna.lib.createInvite(mine.planId), 'Bram')) as EngineSession;
    mine.doc.getText('t').insert(0, 'een');
    await until('bram has the first edit', () => text(theirs) === 'een', 5000, () => describeState(theirs.state()));
    await Promise.all([mine.flush(), theirs.flush()]);
    const warnings: { code: string; device?: string }[] = [];
    theirs.onWarning((w) => warnings.push({ code: w.code, device: w.concerns?.devicePub }));

    // Anna's own key signs a second history: the next clock, naming something else than her
    // envelope Bram holds (as a cloned device or a hostile member with a lying relay would).
    const annaDevice = (await anna.kv.get<DeviceKeys>('device/identity'))!;
    const head = mine.meta.nextClock - 1;
    const evil = new Y.Doc();
    evil.getText('t').insert(0, 'VALS ');
    const seal = (clock: number, prev: Uint8Array | null) =>
      sealEnvelope(
        s,
        { planId: fromBase64Url(mine.planId), epoch: 0, author: annaDevice.sign, clock, kind: 'update', logPosition: mine.memberLog.state.length, prev },
        mine.memberLog.keyFor(0)!,
        Y.encodeStateAsUpdate(evil),
        NonceSource.random(s),
      );
    const otherBranch = seal(head + 1, s.randombytes_buf(32));
    // A different envelope at the clock Bram already holds (today's code calls that a replay).
    const sameClock = seal(head, s.randombytes_buf(32));
    const planId = fromBase64Url(mine.planId);
    net.inject('bram', encodeRelayFrame({ type: 'deliver', planId, seq: theirs.meta.lastSeq + 1, envelope: otherBranch }));
    net.inject('bram', encodeRelayFrame({ type: 'deliver', planId, seq: theirs.meta.lastSeq + 2, envelope: sameClock }));
    await until('both forks are warned about', () => warnings.length === 2, 5000, () => JSON.stringify(warnings));
    await theirs.flush();
    expect(warnings).toEqual([
      { code: 'chain-fork', device: await anna.lib.deviceId() },
      { code: 'chain-fork', device: await anna.lib.deviceId() },
    ]);
    expect(text(theirs)).toBe('een');
    // Stored nowhere: no record on Bram's device holds either forged envelope.
    const forged = [otherBranch, sameClock].map((e) => Buffer.from(e).toString('hex'));
    for (const key of await bram.kv.keys('')) {
      const value = await bram.kv.get<unknown>(key);
      const bytes = value instanceof Uint8Array ? value : (value as { envelope?: unknown } | undefined)?.envelope;
      if (bytes instanceof Uint8Array) expect(forged).not.toContain(Buffer.from(bytes).toString('hex'));
    }

    // Anna's real next edit names her real previous envelope: it arrives and applies.
    mine.doc.getText('t').insert(3, ' twee');
    await until('the real edit arrives', () => text(theirs) === 'een twee', 5000, () => describeState(theirs.state()));
    expect(theirs.state().kind).toBe('attention');
    await Promise.all([mine.close(), theirs.close()]);
  });

  it('a catch-up of 60 edits is authenticated with a few signature checks, not one per edit, and every update sent names the one before', async () => {
    const anna = newClient(net, 'anna2');
    const mine = (await anna.lib.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
    // Watch what goes to the relay: every update of Anna's names her previous one.
    const sent: Uint8Array[] = [];
    const off = net.tap((bytes, client) => {
      if (client !== 'bram2') return;
      const frame = decodeRelayFrame(bytes);
      if (frame.type === 'deliver') sent.push(frame.envelope);
    });
    let checked = 0;
    let batches = 0;
    const kv = createMemoryStore();
    const bramLib = createPlanLibrary({
      kv,
      relayUrl: 'ws://relay.invalid/',
      WebSocket: net.socketClass('bram2'),
      origin: 'https://safeplan.test',
      reconnect: { baseMs: 5, maxMs: 40 },
      relayTimeoutMs: 5_000,
      runVerifier: () => ({
        authenticate: (envelopes) => {
          const r = authenticateRuns(s, envelopes);
          checked += r.signaturesChecked;
          batches++;
          return Promise.resolve(r.results);
        },
      }),
    });
    const invite = await anna.lib.createInvite(mine.planId);
    const theirs = (await bramLib.join(invite, 'Bram')) as EngineSession;
    await until('bram synced', () => theirs.state().kind === 'synced');
    await theirs.close();
    for (let i = 0; i < 60; i++) {
      mine.doc.getText('t').insert(i, 'x');
      await mine.flush();
    }
    await until('anna has no waiting edits', () => mine.waiting === 0);
    checked = 0;
    sent.length = 0;
    const again = (await bramLib.open(mine.planId)) as EngineSession;
    await until('bram caught up', () => text(again) === 'x'.repeat(60), 10_000, () => describeState(again.state()));
    off();
    const updates = sent.map((e) => verifyEnvelope(s, e)).filter((e) => e.header.kind === 'update');
    expect(updates.length).toBeGreaterThanOrEqual(60);
    for (const [i, env] of updates.entries()) {
      if (i === 0) continue;
      expect(env.header.prev).toEqual(envelopeHash(s, updates[i - 1]!.bytes));
    }
    // Frames queue while earlier ones are stored: far fewer checks than envelopes.
    expect(checked).toBeLessThan(updates.length / 3);
    expect(batches).toBeGreaterThan(0);
    await Promise.all([mine.close(), again.close(), bramLib.close(), anna.lib.close()]);
  });
});
