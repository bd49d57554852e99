import WebSocket from 'ws';

/** Where nothing listens: connecting there fails at once, like a tablet without network. */
const NOWHERE = 'ws://127.0.0.1:1/';

/**
 * The network between simulated tablets and the relay. Each client gets its own WebSocket class,
 * so a test can cut one client off (its sockets die and new ones fail to connect), point every
 * client at a relay that restarted on another port, and see every frame the relay sent.
 */
export class TestNetwork {
  target: string;
  readonly #offline = new Set<string>();
  readonly #sockets = new Map<string, Set<WebSocket>>();
  readonly #taps = new Set<(bytes: Uint8Array, client: string) => void>();

  constructor(target: string) {
    this.target = target;
  }

  socketClass(client: string): typeof globalThis.WebSocket {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const net = this;
    class ClientSocket extends WebSocket {
      constructor(_url: string) {
        super(net.#offline.has(client) ? NOWHERE : net.target);
        net.#track(client, this);
        this.on('message', (data: Buffer) => {
          for (const tap of net.#taps) tap(new Uint8Array(data), client);
        });
      }
    }
    return ClientSocket as unknown as typeof globalThis.WebSocket;
  }

  /** Calls `tap` with every frame any client receives from the relay, and which client got it. */
  tap(tap: (bytes: Uint8Array, client: string) => void): () => void {
    this.#taps.add(tap);
    return () => this.#taps.delete(tap);
  }

  /** Hands `bytes` to the client's open sockets as if the relay had sent them (a malicious relay). */
  inject(client: string, bytes: Uint8Array): number {
    let n = 0;
    for (const ws of this.#sockets.get(client) ?? []) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      ws.emit('message', Buffer.from(bytes), true);
      n++;
    }
    return n;
  }

  cut(client: string): void {
    this.#offline.add(client);
    for (const ws of this.#sockets.get(client) ?? []) ws.terminate();
  }

  heal(client: string): void {
    this.#offline.delete(client);
  }

  healAll(): void {
    this.#offline.clear();
  }

  isOffline(client: string): boolean {
    return this.#offline.has(client);
  }

  #track(client: string, ws: WebSocket): void {
    let set = this.#sockets.get(client);
    if (!set) this.#sockets.set(client, (set = new Set()));
    set.add(ws);
    ws.on('close', () => set.delete(ws));
    ws.on('error', () => undefined);
  }
}
