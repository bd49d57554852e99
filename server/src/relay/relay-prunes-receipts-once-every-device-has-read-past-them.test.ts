import Database from 'better-sqlite3';
import { join as joinPath } from 'node:path';
import { generateDeviceKeys, ready } from '@safeplan/schema/crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '../store/sqlite-store.ts';
import { testRelayForThisFile } from '../testing/relay-for-this-file.ts';
import { TEST_PG_URL } from '../testing/postgres-schema.ts';
import { testStoreKinds, type TestRelay } from '../testing/relay.ts';
import { inviteAndJoin, newTestPlan, RelayTestClient, sealTestEnvelope } from '../testing/relay-test-client.ts';

const sodium = await ready();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The receipt seqs the relay's store holds, read by an independent connection. */
async function receiptSeqsOf(relay: TestRelay): Promise<number[]> {
  if (relay.pgSchema) {
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ seq: string }>(`SELECT seq FROM "${relay.pgSchema}".receipts ORDER BY seq`);
      return rows.map((r) => Number(r.seq));
    } finally {
      await client.end();
    }
  }
  const db = new Database(joinPath(relay.dataDir, SQLITE_FILE_NAME), { readonly: true });
  try {
    return (db.prepare('SELECT seq FROM receipts ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
  } finally {
    db.close();
  }
}

describe.each(testStoreKinds)('receipts are pruned once every current device has read past them (%s store)', (store) => {
  const relay = testRelayForThisFile({ store });
  const receiptSeqs = () => receiptSeqsOf(relay);
  async function receiptsBecome(expected: number[]): Promise<number[]> {
    for (let i = 0; i < 100 && JSON.stringify(await receiptSeqs()) !== JSON.stringify(expected); i++) await sleep(20);
    return receiptSeqs();
  }

  it('keeps them while one device is behind, prunes what all have read, and still re-acks a resend of the newest', async () => {
    const owner = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    const plan = newTestPlan(sodium, owner.device);
    owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    await owner.next('log');
    const joinerKeys = generateDeviceKeys(sodium);
    const { invite, join } = inviteAndJoin(sodium, plan, owner.device, joinerKeys);
    owner.send({ type: 'member-event', planId: plan.planId, event: invite });
    await owner.next('log');
    const joiner = await RelayTestClient.authenticated(relay.wsUrl, sodium, joinerKeys);
    joiner.send({ type: 'member-event', planId: plan.planId, event: join });
    await joiner.next('log');

    const sent = [1, 2, 3, 4, 5].map((clock) => sealTestEnvelope(sodium, plan, owner.device, { clock }));
    for (const envelope of sent) owner.send({ type: 'publish', envelope });
    for (let i = 0; i < 5; i++) await owner.next('ack');
    expect(await receiptSeqs()).toEqual([1, 2, 3, 4, 5]);

    // The owner has read everything; the joiner has not subscribed yet: nothing may go.
    owner.send({ type: 'subscribe', planId: plan.planId, afterSeq: 5 });
    await owner.next('log');
    await owner.next('caught-up');
    await sleep(100);
    expect(await receiptSeqs()).toEqual([1, 2, 3, 4, 5]);

    // The joiner has read up to 3: receipts 1 to 3 go, 4 and 5 stay.
    joiner.send({ type: 'subscribe', planId: plan.planId, afterSeq: 3 });
    await joiner.next('log');
    await joiner.next('deliver');
    await joiner.next('deliver');
    await joiner.next('caught-up');
    expect(await receiptsBecome([4, 5])).toEqual([4, 5]);

    // Both read past 5: only the owner's newest receipt stays (the clock check needs it).
    joiner.send({ type: 'subscribe', planId: plan.planId, afterSeq: 5 });
    await joiner.next('log');
    await joiner.next('caught-up');
    expect(await receiptsBecome([5])).toEqual([5]);
    owner.send({ type: 'publish', envelope: sent[4]! });
    expect(await owner.next('ack')).toMatchObject({ clock: 5, seq: 5 });
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 6 }) });
    expect(await owner.next('ack')).toMatchObject({ clock: 6, seq: 6 });
    expect(relay.logEvents().filter((e) => e.event === 'receipts.pruned').map((e) => e.count)).toEqual([3, 1]);
    await Promise.all([owner.close(), joiner.close()]);
  });
});
