import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';

const MESSAGE_SYNC = 0;

/**
 * A plain Yjs client for the y-websocket relay (baseline): the sync protocol of y-protocols,
 * every local update sent at once, as y-websocket's own provider does (no awareness).
 */
export class YjsClient {
  readonly doc: Y.Doc;
  readonly ws: WebSocket;
  /** Resolves once the server's sync step 2 is applied. */
  readonly synced: Promise<void>;

  private constructor(ws: WebSocket, doc: Y.Doc) {
    this.ws = ws;
    this.doc = doc;
    let markSynced = () => {};
    this.synced = new Promise((resolve) => (markSynced = resolve));
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      const kind = syncProtocol.readSyncMessage(decoder, encoder, doc, this);
      if (kind === syncProtocol.messageYjsSyncStep2) markSynced();
      if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder));
    });
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this || ws.readyState !== WebSocket.OPEN) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      ws.send(encoding.toUint8Array(encoder));
    });
  }

  /** Opens the socket and starts the sync (step 1 with this doc's state vector). */
  static async connect(url: string, doc = new Y.Doc()): Promise<YjsClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const client = new YjsClient(ws, doc);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, doc);
    ws.send(encoding.toUint8Array(encoder));
    return client;
  }

  /** True when this update came from the relay (not typed here). */
  isRemote(origin: unknown): boolean {
    return origin === this;
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => this.ws.once('close', () => resolve()).close());
  }
}
