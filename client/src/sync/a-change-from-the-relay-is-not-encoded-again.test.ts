import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { onLocalUpdates } from './local-updates.ts';

const REMOTE = Symbol('relay');

describe('own changes are heard as updates; a change from the relay is not encoded again', () => {
  it('hears each local transaction once and never one from the relay, which Yjs then does not encode', () => {
    const doc = new Y.Doc();
    const heard: Uint8Array[] = [];
    onLocalUpdates(doc, REMOTE, (u) => heard.push(u));
    const peer = new Y.Doc();
    peer.getText('t').insert(0, 'van een ander');
    const fromRelay = Y.encodeStateAsUpdate(peer);
    const encode = vi.spyOn(Y.UpdateEncoderV1.prototype, 'toUint8Array');
    Y.applyUpdate(doc, fromRelay, REMOTE);
    expect(heard).toHaveLength(0);
    expect(encode).not.toHaveBeenCalled();

    doc.getText('t').insert(0, 'eigen ');
    expect(heard).toHaveLength(1);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, fromRelay);
    Y.applyUpdate(copy, heard[0]!);
    expect(copy.getText('t').toString()).toBe('eigen van een ander');

    Y.applyUpdate(doc, fromRelay, REMOTE); // again from the relay: still not heard
    doc.transact(() => doc.getText('t').insert(0, '!'), 'typing');
    expect(heard).toHaveLength(2);
    encode.mockRestore();
  });

  it('stops hearing when told to', () => {
    const doc = new Y.Doc();
    const heard: Uint8Array[] = [];
    const stop = onLocalUpdates(doc, REMOTE, (u) => heard.push(u));
    doc.getText('t').insert(0, 'a');
    stop();
    doc.getText('t').insert(0, 'b');
    expect(heard).toHaveLength(1);
  });
});
