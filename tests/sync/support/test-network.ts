import { createServer, type Server, type Socket } from 'node:net';
import WebSocket from 'ws';

/** Where nothing listens: connecting there fails at once, like a tablet without network. */
const NOWHERE = 'ws://127.0.0.1:1/';

/**
 * The network between simulated tablets and the relay. Each client gets its own WebSocket class,
 * so a test can cut one client off (its sockets die and new ones fail to connect), silence one
 * (its sockets stay open but nothing gets through, and new ones hang while connecting), point
 * every client at a relay that restarted on another port, and see every frame the relay sent.
 */
export class TestNetwork {
  target: string;
  readonly #offline = new Set<string>();
  readonly #silent = new Set<string>();
  readonly #sockets = new Map<string, Set<LineSocket>>();
  readonly #taps = new Set<(bytes: Uint8Array, client: string) => void>();
  readonly #losing = new Map<string, (bytes: Uint8Array) => boolean>();
  #blackHole: { server: Server; url: string; accepted: Set<Socket> } | null = null;

  constructor(target: string) {
    this.target = target;
  }

  socketClass(client: string): typeof globalThis.WebSocket {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const net = this;
    const silent = () => net.#silent.has(client);
    class ClientSocket extends WebSocket implements LineSocket {
      readonly intoBlackHole: boolean;
      held: (() => void)[] = [];
      closedWhileSilent = false;

      constructor(_url: string) {
        const blackHole = net.#silent.has(client) ? net.#blackHole : null;
        // Protocol pings are answered by hand below, so a silent line can leave them unanswered.
        super(net.#offline.has(client) ? NOWHERE : (blackHole?.url ?? net.target), { autoPong: false });
        this.intoBlackHole = Boolean(blackHole);
        net.#track(client, this);
        this.on('message', (data: Buffer) => {
          for (const tap of net.#taps) tap(new Uint8Array(data), client);
        });
        this.on('ping', (data: Buffer) => {
          if (!silent()) this.pong(data);
        });
      }

      // Held, not lost, like bytes on a TCP connection that gets no answers: they arrive if the
      // line comes back before either side gives the socket up.
      override send(data: Parameters<WebSocket['send']>[0], ...rest: unknown[]): void {
        if (silent()) this.held.push(() => super.send(data, ...(rest as [])));
        else super.send(data, ...(rest as []));
      }

      override emit(event: string | symbol, ...args: unknown[]): boolean {
        const lose = event === 'message' ? net.#losing.get(client) : undefined;
        if (lose && lose(asBytes(args[0]))) return true;
        if (event !== 'message' || !silent()) return super.emit(event, ...args);
        this.held.push(() => super.emit(event, ...args));
        return true;
      }

      // Not even the close handshake gets through; the socket stays open until the line comes back.
      override close(code?: number, reason?: string | Buffer): void {
        if (silent()) this.closedWhileSilent = true;
        else super.close(code, reason);
      }
    }
    return ClientSocket as unknown as typeof globalThis.WebSocket;
  }

  /** Calls `tap` with every frame any client receives from the relay, and which client got it. */
  tap(tap: (bytes: Uint8Array, client: string) => void): () => void {
    this.#taps.add(tap);
    return () => this.#taps.delete(tap);
  }

  /** Frames from the relay to `client` for which `lose` says true never arrive (a lost ack); the returned function stops it. */
  lose(client: string, lose: (bytes: Uint8Array) => boolean): () => void {
    this.#losing.set(client, lose);
    return () => this.#losing.delete(client);
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

  /**
   * The client's line goes dead without a word (a tunnel, Wi-Fi without internet): its open sockets
   * stay open but carry nothing either way, and new ones hang while connecting.
   */
  async silence(client: string): Promise<void> {
    if (!this.#blackHole) {
      const hole = await openBlackHole();
      if (this.#blackHole) hole.server.close(); // another silence got there first
      else this.#blackHole = hole;
    }
    this.#silent.add(client);
  }

  heal(client: string): void {
    this.#offline.delete(client);
    if (!this.#silent.delete(client)) return;
    for (const ws of [...(this.#sockets.get(client) ?? [])]) {
      // What the client gave up on meanwhile ends now; what it still uses gets its bytes through.
      if (ws.intoBlackHole || ws.closedWhileSilent) ws.terminate();
      else for (const deliver of ws.held.splice(0)) deliver();
    }
    if (this.#silent.size === 0) this.#closeBlackHole();
  }

  healAll(): void {
    for (const client of [...this.#silent]) this.heal(client);
    this.#offline.clear();
  }

  /** Ends what the network itself keeps open (the black hole that silent connects hang on). */
  close(): void {
    this.#closeBlackHole();
  }

  isOffline(client: string): boolean {
    return this.#offline.has(client);
  }

  #closeBlackHole(): void {
    const hole = this.#blackHole;
    this.#blackHole = null;
    if (!hole) return;
    for (const socket of hole.accepted) socket.destroy();
    hole.server.close();
  }

  #track(client: string, ws: LineSocket): void {
    let set = this.#sockets.get(client);
    if (!set) this.#sockets.set(client, (set = new Set()));
    set.add(ws);
    ws.on('close', () => set.delete(ws));
    ws.on('error', () => undefined);
  }
}

/** A client socket with what the network keeps for it while its line is silent. */
interface LineSocket extends WebSocket {
  /** Opened while the line was silent: it connects to nothing that answers. */
  readonly intoBlackHole: boolean;
  /** Frames both ways that wait for the line to come back. */
  held: (() => void)[];
  /** The client gave the socket up while nothing could get through. */
  closedWhileSilent: boolean;
}

/** A TCP server that accepts and never answers: a WebSocket connecting there hangs in CONNECTING. */
async function openBlackHole(): Promise<{ server: Server; url: string; accepted: Set<Socket> }> {
  const accepted = new Set<Socket>();
  const server = createServer((socket) => {
    accepted.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => accepted.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `ws://127.0.0.1:${port}/`, accepted };
}

/** A frame as the ws library hands it to listeners (a Buffer, an ArrayBuffer or fragments). */
function asBytes(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data as Buffer[]));
  return new Uint8Array(data as Buffer);
}
