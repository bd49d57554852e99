import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../client/src/storage/memory-kv.ts';
import { createPlanLibrary } from '../../client/src/sync/index.ts';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import type { SocketLike, WebSocketLike } from '../../client/src/sync/relay-link.ts';
import type { FromSocketWorker, ToSocketWorker } from '../../client/src/sync/socket-worker-protocol.ts';
import { serveSockets, type SocketWorkerScope } from '../../client/src/sync/worker-sockets.ts';
import { workerWebSocket, type SocketWorkerLike } from '../../client/src/sync/worker-websocket.ts';
import { until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { libraryOn } from './support/two-devices.ts';

const { net } = relayForThisFile();

/** Counts the sockets a class makes and keeps them, so a dying worker can take its own down. */
function counted(WS: WebSocketLike): { WS: WebSocketLike; made: SocketLike[] } {
  const made: SocketLike[] = [];
  return {
    made,
    WS: class {
      constructor(url: string) {
        const ws = new WS(url);
        made.push(ws);
        return ws;
      }
    } as unknown as WebSocketLike,
  };
}

/**
 * The socket worker in this process: the real `serveSockets` on one side, messages structured-
 * cloned (buffers moved) and delivered a turn later each way, as between a page and its worker.
 * `die()` fails it as a worker fails: an error event, and its sockets go down with it.
 */
function inProcessWorker(WS: WebSocketLike): SocketWorkerLike & { die(): void; sockets: SocketLike[] } {
  const inner = counted(WS);
  const page: { message?: (e: MessageEvent<FromSocketWorker>) => void; error?: (e: Event) => void } = {};
  let dead = false;
  const scope: SocketWorkerScope = {
    onmessage: null,
    postMessage(m: FromSocketWorker, transfer?: Transferable[]) {
      if (dead) return;
      const copy = structuredClone(m, { transfer });
      setImmediate(() => dead || page.message?.({ data: copy } as MessageEvent<FromSocketWorker>));
    },
  };
  serveSockets(scope, inner.WS);
  return {
    sockets: inner.made,
    postMessage(m: ToSocketWorker) {
      if (dead) return;
      const copy = structuredClone(m);
      setImmediate(() => dead || scope.onmessage?.({ data: copy } as MessageEvent<ToSocketWorker>));
    },
    addEventListener(type: 'message' | 'error', listener: never) {
      page[type] = listener;
    },
    terminate() {
      dead = true;
      for (const ws of inner.made) ws.close();
    },
    die() {
      page.error?.(new Event('error'));
    },
  };
}

async function annaInWorkerSharesWithBram(worker: SocketWorkerLike, pageSockets: WebSocketLike) {
  const anna = createPlanLibrary({
    kv: createMemoryStore(),
    relayUrl: 'ws://relay.invalid/',
    WebSocket: workerWebSocket(() => worker, pageSockets),
    origin: 'https://safeplan.test',
    reconnect: { baseMs: 5, maxMs: 40 },
    relayTimeoutMs: 5_000,
  });
  const bram = libraryOn(net, 'bram', createMemoryStore());
  const mine = (await anna.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
  const theirs = (await bram.join(await anna.createInvite(mine.planId), 'Bram')) as EngineSession;
  await until('both synced', () => mine.state().kind === 'synced' && theirs.state().kind === 'synced');
  return { mine, theirs };
}

describe('relay sockets held by a worker', () => {
  it('carry a plan both ways, and the page opens none of its own', async () => {
    const worker = inProcessWorker(net.socketClass('anna-worker'));
    const page = counted(net.socketClass('anna-page'));
    const { mine, theirs } = await annaInWorkerSharesWithBram(worker, page.WS);
    mine.doc.getText('t').insert(0, 'van Anna ');
    await until('Bram has Anna’s words', () => theirs.doc.getText('t').toString().includes('van Anna'));
    theirs.doc.getText('t').insert(0, 'van Bram ');
    await until('Anna has Bram’s words', () => mine.doc.getText('t').toString().includes('van Bram'));
    await until('Anna synced', () => mine.state().kind === 'synced');
    expect(worker.sockets.length).toBeGreaterThan(0);
    expect(page.made).toHaveLength(0);
    await mine.close();
    await theirs.close();
  }, 30_000);

  it('a failing worker drops its sockets as a lost line; the page connects itself and nothing typed is lost', async () => {
    const worker = inProcessWorker(net.socketClass('anna-worker-2'));
    const page = counted(net.socketClass('anna-page-2'));
    const { mine, theirs } = await annaInWorkerSharesWithBram(worker, page.WS);
    const text = mine.doc.getText('t');
    text.insert(0, 'voor ');
    worker.die();
    text.insert(text.length, 'na');
    await until('Bram has both changes', () => theirs.doc.getText('t').toString() === 'voor na', 10_000, () => theirs.doc.getText('t').toString());
    await until('Anna synced again', () => mine.state().kind === 'synced');
    expect(page.made.length).toBeGreaterThan(0);
    await mine.close();
    await theirs.close();
  }, 30_000);
});

describe('a worker socket as the link sees it', () => {
  /** A page-side socket whose worker only records what it is asked, and answers when told. */
  function recorded() {
    const asked: ToSocketWorker[] = [];
    let tell: ((e: MessageEvent<FromSocketWorker>) => void) | undefined;
    const worker: SocketWorkerLike = {
      postMessage: (m) => asked.push(m),
      addEventListener: (type: 'message' | 'error', l: never) => {
        if (type === 'message') tell = l;
      },
      terminate: () => undefined,
    };
    const WS = workerWebSocket(() => worker, class {} as unknown as WebSocketLike);
    const ws = new WS('ws://relay.test/');
    const hear = (m: FromSocketWorker) => tell!({ data: m } as MessageEvent<FromSocketWorker>);
    return { asked, ws, hear };
  }

  it('cannot send before it is open, sends exactly a frame cut from a larger buffer, and drops frames after close', () => {
    const { asked, ws, hear } = recorded();
    expect(() => ws.send(new Uint8Array([1]))).toThrow(/connecting/);
    hear({ ev: 'open', id: 1 });
    expect(ws.readyState).toBe(1);
    const big = new Uint8Array(1024).fill(7);
    ws.send(big.subarray(10, 13));
    const sent = asked.at(-1) as Extract<ToSocketWorker, { op: 'send' }>;
    expect(sent.data.buffer.byteLength).toBe(3);
    ws.close();
    ws.send(new Uint8Array([2]));
    expect(asked.map((m) => m.op)).toEqual(['open', 'send', 'close']);
  });

  it('hands the link messages only while open, and one close with the worker’s code', () => {
    const { ws, hear } = recorded();
    const heard: unknown[] = [];
    const closes: number[] = [];
    ws.onmessage = (e) => heard.push(e.data);
    ws.onclose = (e) => closes.push(e.code);
    hear({ ev: 'message', id: 1, data: new ArrayBuffer(1) }); // not open yet
    hear({ ev: 'open', id: 1 });
    const frame = new Uint8Array([9, 9]).buffer;
    hear({ ev: 'message', id: 1, data: frame });
    hear({ ev: 'close', id: 1, code: 4000, reason: '', wasClean: true });
    hear({ ev: 'message', id: 1, data: new ArrayBuffer(1) });
    expect(heard).toEqual([frame]);
    expect(closes).toEqual([4000]);
    expect(ws.readyState).toBe(3);
  });
});
