import { expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { onDocChange } from './doc-changes.ts';

it('a screen hears own and remote changes, deletions too, and Yjs encodes no update for it', () => {
  const peer = new Y.Doc();
  peer.getText('t').insert(0, 'hallo');
  const fromPeer = Y.encodeStateAsUpdate(peer);
  const doc = new Y.Doc();
  let heard = 0;
  const stop = onDocChange(doc, () => heard++);
  const encode = vi.spyOn(Y.UpdateEncoderV1.prototype, 'toUint8Array');
  Y.applyUpdate(doc, fromPeer, 'relay');
  expect(heard).toBe(1);
  doc.getText('t').insert(5, '!');
  doc.getText('t').delete(0, 1);
  expect(heard).toBe(3);
  doc.transact(() => undefined); // nothing changed: nothing heard
  expect(heard).toBe(3);
  expect(encode).not.toHaveBeenCalled();
  encode.mockRestore();
  stop();
  doc.getText('t').insert(0, 'x');
  expect(heard).toBe(3);
});
