import { describe, expect, it } from 'vitest';
import { decodeRelayFrame, encodeRelayFrame } from '@safeplan/schema/protocol';
import { annaSharesAPlanWithBram, describeState, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

const { net } = relayForThisFile();
const text = (s: { doc: { getText(n: string): { toString(): string } } }) => s.doc.getText('t').toString();

describe('a relay that hands out an absurd sequence number', () => {
  it('is warned about, moves nothing, and the next edits still arrive, before and after a reconnect', async () => {
    const { mine, theirs } = await annaSharesAPlanWithBram(net);
    const lastSeqBefore = theirs.meta.lastSeq;

    // The relay hands Bram Anna's next envelope (genuine, signed by Anna) with seq 10^12, just
    // before the real delivery of the same envelope.
    let armed = true;
    const off = net.tap((bytes, client) => {
      if (!armed || client !== 'bram') return;
      const frame = decodeRelayFrame(bytes);
      if (frame.type !== 'deliver') return;
      armed = false;
      net.inject('bram', encodeRelayFrame({ ...frame, seq: 1e12 }));
    });
    mine.doc.getText('t').insert(0, 'een');
    await until('bram has the first edit', () => text(theirs) === 'een', 5000, () => describeState(theirs.state()));
    off();
    expect(armed).toBe(false);
    await until('the lie shows in the state', () => theirs.state().kind === 'attention', 5000, () => describeState(theirs.state()));
    const state = theirs.state();
    expect(state.kind === 'attention' && state.warnings.map((w) => w.code)).toContain('relay-seq-insane');
    expect(theirs.meta.lastSeq).toBeGreaterThan(lastSeqBefore);
    expect(theirs.meta.lastSeq).toBeLessThan(1e6);

    // Later edits arrive live ...
    mine.doc.getText('t').insert(3, ' twee');
    await until('bram has the second edit', () => text(theirs) === 'een twee', 5000, () => describeState(theirs.state()));
    // ... and after a reconnect to the (now honest) relay, which is asked from the last sane seq.
    theirs.dropConnection();
    mine.doc.getText('t').insert(8, ' drie');
    await until('bram has the third edit after reconnecting', () => text(theirs) === 'een twee drie', 5000, () => describeState(theirs.state()));
    expect(theirs.meta.lastSeq).toBe(mine.meta.lastSeq);

    // Still not "synced" until the person has seen the warning; then it is true again.
    expect(theirs.state().kind).toBe('attention');
    theirs.dismissWarnings();
    await until('synced once read', () => theirs.state().kind === 'synced', 5000, () => describeState(theirs.state()));
    await Promise.all([mine.close(), theirs.close()]);
  });

  it('says so when the relay sends bytes that are no frame, and carries on after reconnecting', async () => {
    const { mine, theirs } = await annaSharesAPlanWithBram(net);
    const codes: string[] = [];
    theirs.onWarning((w) => codes.push(w.code));
    expect(net.inject('bram', new Uint8Array([250, 251, 252, 253]))).toBe(1);
    await until('the nonsense is warned about', () => codes.includes('relay-frame-failed'));
    mine.doc.getText('t').insert(0, 'verder');
    await until('bram still gets anna\'s edit', () => text(theirs) === 'verder', 5000, () => describeState(theirs.state()));
    expect(theirs.state().kind).toBe('attention');
    await Promise.all([mine.close(), theirs.close()]);
  });
});

