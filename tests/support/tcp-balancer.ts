import { connect, createServer, type Socket } from 'node:net';

/**
 * A load balancer's stand-in for tests of more than one relay: a TCP proxy on 127.0.0.1 that
 * hands each new connection to the next backend in turn, skipping one that refuses (a dead
 * relay), and drops a client's connection when its backend's drops, as a real one does. Bytes
 * pass untouched (WebSocket upgrade and frames alike).
 */
export interface TcpBalancer {
  /** ws://127.0.0.1:<port>/ */
  readonly wsUrl: string;
  /** Connections handed to each backend port so far. */
  readonly handedTo: Map<number, number>;
  close(): Promise<void>;
}

export async function startTcpBalancer(backendPorts: readonly number[]): Promise<TcpBalancer> {
  const handedTo = new Map<number, number>(backendPorts.map((p) => [p, 0]));
  const open = new Set<Socket>();
  let next = 0;

  const pipeTo = (client: Socket, tries: number) => {
    if (tries >= backendPorts.length) return void client.destroy();
    const port = backendPorts[next++ % backendPorts.length]!;
    const backend = connect({ host: '127.0.0.1', port });
    open.add(backend);
    let connected = false;
    backend.once('connect', () => {
      connected = true;
      handedTo.set(port, (handedTo.get(port) ?? 0) + 1);
      client.pipe(backend);
      backend.pipe(client);
      client.resume();
    });
    backend.on('error', () => {
      if (!connected) pipeTo(client, tries + 1);
    });
    backend.on('close', () => {
      open.delete(backend);
      if (connected) client.destroy();
    });
    client.on('close', () => backend.destroy());
  };

  const server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.on('error', () => undefined);
    client.on('close', () => open.delete(client));
    pipeTo(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    wsUrl: `ws://127.0.0.1:${port}/`,
    handedTo,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
