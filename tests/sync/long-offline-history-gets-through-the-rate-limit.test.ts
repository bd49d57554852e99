import { describe, expect, it } from 'vitest';
import { describeState, annaSharesAPlanWithBram, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

const { relay, net } = relayForThisFile();

describe('a device back after a long time offline', () => {
  it('gets every waiting edit through the relay’s rate limit (burst 200, 50 frames/s)', async () => {
    const { mine, theirs } = await annaSharesAPlanWithBram(net);

    net.cut('bram');
    await until('bram offline', () => theirs.state().kind === 'offline');
    const edits = 260;
    for (let i = 0; i < edits; i++) {
      theirs.doc.getArray<number>('log').push([i]);
      await theirs.flush(); // one envelope each, as a week of separate visits would make
    }
    expect(theirs.state()).toEqual({ kind: 'offline', waiting: edits });

    net.heal('bram');
    await until(
      'all edits acknowledged and delivered',
      () => theirs.state().kind === 'synced' && mine.doc.getArray('log').length === edits,
      20_000,
      () => `${describeState(theirs.state())}, owner has ${mine.doc.getArray('log').length}`,
    );
    expect(mine.doc.getArray<number>('log').toArray()).toEqual(Array.from({ length: edits }, (_, i) => i));
    // The path under test was taken: the relay did refuse frames for the rate.
    expect(relay.logLines().some((l) => l.includes('"limit.hit"') && l.includes('"code":"rate-limited"'))).toBe(true);
    await Promise.all([mine.close(), theirs.close()]);
  }, 30_000);
});
