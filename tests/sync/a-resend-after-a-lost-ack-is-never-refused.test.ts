import { describe, expect, it } from 'vitest';
import { decodeRelayFrame } from '@safeplan/schema/protocol';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import type { SyncWarning } from '../../client/src/sync/session.ts';
import { annaSharesAPlanWithBram, describeState, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { receiptsPrunedUpTo } from './support/sync-relay.ts';

/**
 * The relay forgets the receipt of an envelope once every device has subscribed past its seq
 * (server/src/relay/receipt-pruning.ts): after that a resend of it is refused as `replayed`, which
 * left the writer stuck in problem(relay-refused). A device whose ack was lost gets its own envelope
 * back in the catch-up; that copy is its ack, so it never sends it again.
 */
const { relay, net } = relayForThisFile();

const items = (s: EngineSession) => s.doc.getArray<string>('items');
const isAck = (bytes: Uint8Array) => decodeRelayFrame(bytes).type === 'ack';

async function reconnect(client: string, session: EngineSession): Promise<void> {
  net.cut(client);
  await until(`${client} offline`, () => session.state().kind === 'offline');
  net.heal(client);
  session.reconnectNow();
}

describe('a change whose ack was lost', () => {
  it('is confirmed by its own copy in the catch-up and never refused as replayed once the relay pruned its receipt', async () => {
    const { mine, theirs } = await annaSharesAPlanWithBram(net);
    await until('both synced', () => mine.state().kind === 'synced' && theirs.state().kind === 'synced');
    const warnings: SyncWarning[] = [];
    mine.onWarning((w) => warnings.push(w));

    // Two changes reach the relay; their acks never reach Anna.
    const stopLosing = net.lose('anna', isAck);
    items(mine).push(['first']);
    await until('bram has the first', () => items(theirs).toArray().includes('first'));
    items(mine).push(['second']);
    await until('bram has the second', () => items(theirs).toArray().includes('second'));
    const storedUpTo = theirs.meta.lastSeq;

    // Anna reconnects (acks still lost): her catch-up brings both of her changes back.
    await reconnect('anna', mine);
    await until('anna caught up past her changes', () => mine.meta.lastSeq >= storedUpTo, 10_000, () => describeState(mine.state()));
    // Both devices subscribe past those seqs (each claims only what its store holds, so what came
    // in is written first): the relay prunes the older receipt.
    await Promise.all([mine.flush(), theirs.flush()]);
    await reconnect('bram', theirs);
    await reconnect('anna', mine);
    await until('the relay pruned the receipts up to her changes', () => receiptsPrunedUpTo(relay) >= storedUpTo);

    // Acks arrive again; a fresh connection sends whatever Anna still thinks is waiting.
    stopLosing();
    await reconnect('anna', mine);
    await until('anna synced', () => mine.state().kind === 'synced' || mine.state().kind === 'problem', 10_000, () => describeState(mine.state()));
    expect(describeState(mine.state())).toBe('synced');
    expect(warnings.map((w) => w.code)).not.toContain('replayed');
    expect(mine.meta.ackedClock).toBeGreaterThanOrEqual(2);
    expect(items(theirs).toArray()).toEqual(items(mine).toArray());
  });
});
