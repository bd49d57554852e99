import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fromBase64Url, NonceSource, ready, toBase64Url, type DeviceKeys } from '@safeplan/schema/crypto';
import { sealEnvelope, verifyEnvelope } from '@safeplan/schema/protocol';
import { RelayTestClient } from '../../server/src/testing/relay-test-client.ts';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import type { SyncWarning } from '../../client/src/sync/session.ts';
import { encodeSnapshotContent } from '../../client/src/sync/snapshot-content.ts';
import { annaSharesAPlanWithBram, describeState, newClient, until, type TestClient } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

const s = await ready();
const { relay, net } = relayForThisFile();
const text = (x: EngineSession) => x.doc.getText('t').toString();

/** Every update envelope this client's store holds, last one per author: honest clocks and their proofs. */
async function honestClocks(client: TestClient, planId: string): Promise<{ clocks: Map<string, number>; proofs: Map<string, Uint8Array> }> {
  const clocks = new Map<string, number>();
  const proofs = new Map<string, Uint8Array>();
  for (const key of await client.kv.keys(`plans/${planId}/seq/`)) {
    const envelope = await client.kv.get<Uint8Array>(key);
    if (!(envelope instanceof Uint8Array)) continue;
    const { header } = verifyEnvelope(s, envelope);
    const author = toBase64Url(header.author);
    if (header.kind === 'update' && header.clock > (clocks.get(author) ?? 0)) {
      clocks.set(author, header.clock);
      proofs.set(author, envelope);
    }
  }
  return { clocks, proofs };
}

/** Bram's device, outside his app: seals a snapshot of its own making and publishes it to the relay. */
async function publishSnapshot(bram: TestClient, theirs: EngineSession, counter: number, content: Parameters<typeof encodeSnapshotContent>[0]): Promise<void> {
  const device = (await bram.kv.get<DeviceKeys>('device/identity'))!;
  const epoch = theirs.memberLog.state.epoch;
  const envelope = sealEnvelope(
    s,
    { planId: fromBase64Url(theirs.planId), epoch, author: device.sign, clock: counter, kind: 'snapshot', coversUpTo: theirs.meta.lastSeq },
    theirs.memberLog.keyFor(epoch)!,
    encodeSnapshotContent(content),
    NonceSource.random(s),
  );
  const line = await RelayTestClient.authenticated(relay.wsUrl, s, device);
  line.send({ type: 'publish', envelope });
  expect(await line.next('ack')).toMatchObject({ clock: counter });
  await line.close();
}

const emptyState = () => Y.encodeStateAsUpdate(new Y.Doc());

describe('a snapshot poisoned by an editor', () => {
  it('changes nothing anyone believes: refused with an alarm naming its author, the silenced member still gets through, a joiner gets the full plan', async () => {
    const { anna, bram, mine, theirs } = await annaSharesAPlanWithBram(net);
    const carla = newClient(net, 'carla');
    const hers = (await carla.lib.join(await anna.lib.createInvite(mine.planId), 'Carla')) as EngineSession;
    const warned = new Map<string, SyncWarning[]>();
    for (const [name, session] of [['anna', mine], ['carla', hers]] as const) {
      warned.set(name, []);
      session.onWarning((w) => warned.get(name)!.push(w));
    }
    mine.doc.getText('t').insert(0, 'Anna schreef dit.');
    await until('everyone has anna\'s text', () => [theirs, hers].every((x) => text(x) === 'Anna schreef dit.'));
    theirs.doc.getText('t').insert(0, 'Bram: ');
    await until('everyone has bram\'s text', () => [mine, hers].every((x) => text(x) === 'Bram: Anna schreef dit.'));
    const annaDevice = mine.membership.me().deviceId;
    const bramDevice = theirs.membership.me().deviceId;
    const bramPerson = theirs.membership.me().personId;
    const honest = await honestClocks(bram, theirs.planId);
    expect(honest.clocks.get(annaDevice)).toBeGreaterThan(0);

    // 1. Anna's clock set to 10^9 (her real last envelope does not prove it).
    const inflated = new Map(honest.clocks).set(annaDevice, 1e9);
    await publishSnapshot(bram, theirs, 1, { state: Y.encodeStateAsUpdate(theirs.doc), contributions: Y.encodeStateAsUpdate(theirs.contributions), clocks: inflated, proofs: honest.proofs });
    for (const name of ['anna', 'carla']) {
      await until(`${name} is warned about the inflated clock`, () => warned.get(name)!.some((w) => w.code === 'snapshot-unproven'));
      expect(warned.get(name)!.find((w) => w.code === 'snapshot-unproven')?.concerns).toEqual({ devicePub: bramDevice, personId: bramPerson });
    }

    // 2. An empty plan with honest clocks and proofs.
    await publishSnapshot(bram, theirs, 2, { state: emptyState(), contributions: emptyState(), clocks: honest.clocks, proofs: honest.proofs });
    for (const name of ['anna', 'carla']) {
      await until(`${name} is warned that the snapshot differs`, () => warned.get(name)!.some((w) => w.code === 'snapshot-mismatch'));
      expect(warned.get(name)!.find((w) => w.code === 'snapshot-mismatch')?.concerns).toEqual({ devicePub: bramDevice, personId: bramPerson });
    }
    expect(text(mine)).toBe('Bram: Anna schreef dit.');
    expect(text(hers)).toBe('Bram: Anna schreef dit.');
    // The state says so, with who it concerns, until read: never "synced" meanwhile.
    const st = hers.state();
    expect(st.kind, describeState(st)).toBe('attention');
    expect(st.kind === 'attention' && st.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['snapshot-unproven', 'snapshot-mismatch']));

    // The silenced member's later edits still reach everyone.
    mine.doc.getText('t').insert(text(mine).length, ' En nog meer.');
    const full = 'Bram: Anna schreef dit. En nog meer.';
    await until('anna\'s later edit reaches everyone', () => [theirs, hers].every((x) => text(x) === full), 5000, () => `${text(theirs)} | ${text(hers)}`);

    // A joiner after the poisoned snapshots gets the full plan, without a warning.
    const dirk = newClient(net, 'dirk');
    const his = (await dirk.lib.join(await anna.lib.createInvite(mine.planId), 'Dirk')) as EngineSession;
    const hisWarnings: string[] = [];
    his.onWarning((w) => hisWarnings.push(w.code));
    await until('dirk has the full plan', () => text(his) === full, 5000, () => `${text(his)} ${describeState(his.state())}`);
    await until('dirk synced', () => his.state().kind === 'synced', 5000, () => describeState(his.state()));
    expect(hisWarnings).toEqual([]);

    // And a later edit by anyone still reaches the joiner (no clock was moved past what was signed).
    mine.doc.getText('t').insert(0, '!');
    await until('dirk has anna\'s next edit', () => text(his) === `!${full}`);
    await Promise.all([mine.close(), theirs.close(), hers.close(), his.close()]);
  });

  it('takes an honest snapshot of another writer in after comparing it, confirms it, and a joiner is then served it', async () => {
    const anna = newClient(net, 'anna2', { snapshotEvery: 4 });
    const bram = newClient(net, 'bram2', { snapshotEvery: 4 });
    const mine = (await anna.lib.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
    const theirs = (await bram.lib.join(await anna.lib.createInvite(mine.planId), 'Bram')) as EngineSession;
    await until('bram synced', () => theirs.state().kind === 'synced');
    const warnings: string[] = [];
    for (const x of [mine, theirs]) x.onWarning((w) => warnings.push(w.code));
    for (let i = 0; i < 8; i++) {
      (i % 2 ? theirs : mine).doc.getText('t').insert(0, `${i}`);
      await (i % 2 ? theirs : mine).flush();
      await until('both synced', () => mine.state().kind === 'synced' && theirs.state().kind === 'synced' && text(mine) === text(theirs));
    }
    const snapshotOf = (c: TestClient) => c.kv.get<{ coversUpTo: number }>(`plans/${mine.planId}/snapshot`);
    await until('a snapshot was written and taken in by the other writer', async () => {
      const [a, b] = [await snapshotOf(anna), await snapshotOf(bram)];
      return Boolean(a && b && a.coversUpTo === b.coversUpTo);
    });
    expect(warnings).toEqual([]);
    // The other writer's device vouched for it, after comparing; the relay counted that.
    const planKey = mine.planId;
    await until('the relay adopted a confirmed snapshot', () =>
      relay.logLines().some((l) => l.includes('"snapshot.confirmed"') && l.includes(planKey) && l.includes('"promoted":true')),
    );
    // Bram confirmed Anna's snapshot (or Anna Bram's): the relay now serves it to a joiner, who
    // gets the snapshot plus the updates after it, and the same plan.
    const dirk = newClient(net, 'dirk2');
    const his = (await dirk.lib.join(await anna.lib.createInvite(mine.planId), 'Dirk')) as EngineSession;
    await until('dirk synced with the same plan', () => his.state().kind === 'synced' && text(his) === text(mine), 5000, () => describeState(his.state()));
    expect((await dirk.kv.get<{ coversUpTo: number }>(`plans/${mine.planId}/snapshot`))?.coversUpTo).toBeGreaterThan(0);
    await Promise.all([mine.close(), theirs.close(), his.close()]);
  });
});
