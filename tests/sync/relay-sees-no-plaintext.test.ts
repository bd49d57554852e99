import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { newClient, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

// Distinct, unlikely strings: a hit anywhere means plaintext leaked.
const CANARIES = {
  text: 'KANARIE-tekst-Sam-slaapt-bij-oma-7f3a9c',
  ownerName: 'KANARIE-naam-Anna-de-Vries-51b2',
  joinerName: 'KANARIE-naam-Bram-Jansen-c04e',
  title: 'KANARIE-titel-Plan-voor-Sam-9d1f',
  phone: 'KANARIE-06-12345678-e2a0',
};

const { relay, net } = relayForThisFile();
const frames: Uint8Array[] = [];
net.tap((bytes) => frames.push(bytes));

/** Where `needle` occurs in `haystack` as UTF-8 or UTF-16LE bytes (how SQLite or V8 might keep text). */
function leaks(haystack: Uint8Array, needle: string): boolean {
  const h = Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength);
  return h.includes(Buffer.from(needle, 'utf8')) || h.includes(Buffer.from(needle, 'utf16le'));
}

function leakedIn(haystack: Uint8Array): string[] {
  return Object.values(CANARIES).filter((c) => leaks(haystack, c));
}

describe('the relay never sees plan content or names', () => {
  it('has no canary in its SQLite files, its log lines, or any frame it sends', async () => {
    const anna = newClient(net, 'anna', { snapshotEvery: 4 });
    const bram = newClient(net, 'bram', { snapshotEvery: 4 });
    const mine = (await anna.lib.create({ title: CANARIES.title, displayName: CANARIES.ownerName })) as EngineSession;
    await mine.membership.setMyDetails({ displayName: CANARIES.ownerName });
    mine.doc.getText('t').insert(0, CANARIES.text);
    const theirs = (await bram.lib.join(await anna.lib.createInvite(mine.planId), CANARIES.joinerName)) as EngineSession;
    await theirs.membership.setMyDetails({ displayName: CANARIES.joinerName, phone: CANARIES.phone });
    theirs.awareness.setLocalStateField('user', { name: CANARIES.joinerName, color: '#123456' });
    mine.awareness.setLocalStateField('user', { name: CANARIES.ownerName, color: '#654321' });
    // Enough small edits for snapshots (every 4 envelopes) to be written and served.
    for (let i = 0; i < 12; i++) {
      mine.doc.getText('t').insert(0, `${CANARIES.text} ${i} `);
      await mine.flush();
    }
    await until('both have everything, and see each other', () =>
      theirs.doc.getText('t').toString() === mine.doc.getText('t').toString() &&
      [mine, theirs].every((s) => s.membership.people().some((p) => p.phone === CANARIES.phone)) &&
      mine.state().kind === 'synced' && theirs.state().kind === 'synced' &&
      [...mine.awareness.getStates().values()].some((s) => JSON.stringify(s).includes(CANARIES.joinerName)),
    );
    // A late device catches up from the snapshot, so snapshot frames are tapped too.
    const carla = newClient(net, 'carla');
    const late = (await carla.lib.join(await anna.lib.createInvite(mine.planId), 'Carla')) as EngineSession;
    await until('late device caught up', () => late.doc.getText('t').toString() === mine.doc.getText('t').toString());
    const snapshotsStored = relay.logLines().filter((l) => l.includes('"kind":"snapshot"')).length;
    expect(snapshotsStored).toBeGreaterThan(0);

    // The detector works: the same search finds the canaries in the plaintext the clients hold.
    // Names live in the contributions document, the plan text in the plan document.
    const plaintext = new Uint8Array([...Y.encodeStateAsUpdate(mine.doc), ...Y.encodeStateAsUpdate(mine.contributions)]);
    expect(leakedIn(plaintext).length).toBeGreaterThanOrEqual(3);

    const files = readdirSync(relay.dataDir);
    expect(files.some((f) => f.endsWith('-wal'))).toBe(true);
    for (const f of files) expect({ file: f, leaked: leakedIn(readFileSync(join(relay.dataDir, f))) }).toEqual({ file: f, leaked: [] });
    // After a restart the WAL is checkpointed into the main file: look again.
    await relay.restart();
    for (const f of readdirSync(relay.dataDir)) expect(leakedIn(readFileSync(join(relay.dataDir, f)))).toEqual([]);
    for (const line of relay.logLines()) expect(leakedIn(Buffer.from(line))).toEqual([]);
    expect(frames.length).toBeGreaterThan(20);
    for (const frame of frames) expect(leakedIn(frame)).toEqual([]);

    await Promise.all([mine.close(), theirs.close(), late.close()]);
  });
});
