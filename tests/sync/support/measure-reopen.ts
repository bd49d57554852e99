// How long reopening a plan takes when N update envelopes are replayed, against one snapshot of
// the same document. Not a test (timings do not belong in tests); run by hand:
//   node --import ./server/node_modules/tsx/dist/loader.mjs tests/sync/support/measure-reopen.ts
// The figures and the chosen SNAPSHOT_EVERY are in docs/notes/sync.md.
import * as Y from 'yjs';
import { generateDeviceKeys, NonceSource, ready, toBase64Url } from '@safeplan/schema/crypto';
import { createGenesis, sealEnvelope } from '@safeplan/schema/protocol';
import { checkEnvelope } from '../../../client/src/sync/envelope-checks.ts';
import { encodeSnapshotContent } from '../../../client/src/sync/snapshot-content.ts';

const s = await ready();
const device = generateDeviceKeys(s);
const { planId, epochKey } = createGenesis(s, { device, now: Date.now() });
const nonces = NonceSource.random(s);
const ctx = { planId, keyFor: () => epochKey, clocks: null, standing: () => null };

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

for (const n of [50, 200, 1000, 5000]) {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  const envelopes: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => {
    envelopes.push(sealEnvelope(s, { planId, epoch: 0, author: device.sign, clock: envelopes.length + 1, kind: 'update' }, epochKey, u, nonces));
  });
  // A word typed at a time (one batch each), somewhere in the text, as in a plan being written.
  for (let i = 0; i < n; i++) text.insert(Math.floor((i * 7919) % (text.length + 1)), `woord${i % 10} `);
  const content = encodeSnapshotContent({ state: Y.encodeStateAsUpdate(doc), contributions: new Uint8Array(0), clocks: new Map([[toBase64Url(device.sign.publicKey), n]]) });
  const snapshot = sealEnvelope(s, { planId, epoch: 0, author: device.sign, clock: 1, kind: 'snapshot', coversUpTo: n }, epochKey, content, nonces);

  const replay: number[] = [];
  const fromSnapshot: number[] = [];
  for (let run = 0; run < 5; run++) {
    let t = performance.now();
    const a = new Y.Doc();
    for (const e of envelopes) {
      const c = checkEnvelope(s, e, ctx);
      if (c.kind === 'update') Y.applyUpdate(a, c.plaintext);
    }
    replay.push(performance.now() - t);
    t = performance.now();
    const b = new Y.Doc();
    const c = checkEnvelope(s, snapshot, ctx);
    if (c.kind === 'snapshot') Y.applyUpdate(b, c.content.state);
    fromSnapshot.push(performance.now() - t);
    if (a.getText('t').toString() !== b.getText('t').toString()) throw new Error('replay and snapshot differ');
  }
  console.info(`${n} updates: replay ${median(replay).toFixed(1)} ms, one snapshot ${median(fromSnapshot).toFixed(2)} ms (${snapshot.length} bytes)`);
}
