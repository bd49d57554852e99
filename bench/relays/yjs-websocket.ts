import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { failToParent, serveParent } from './child-protocol.ts';

/**
 * Baseline: the plaintext Yjs relay of y-websocket 1.5.4 (bin/utils.js, what `npx y-websocket`
 * runs): one in-memory Y.Doc per room, which it applies every update to and re-broadcasts.
 */
const require = createRequire(import.meta.url);
const { setupWSConnection } = require('y-websocket/bin/utils') as {
  setupWSConnection: (ws: unknown, req: unknown, opts?: { docName?: string; gc?: boolean }) => void;
};

const server = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws, req) => setupWSConnection(ws, req));
server.once('error', failToParent);
server.listen(0, '127.0.0.1', () => {
  serveParent((server.address() as AddressInfo).port, () => new Promise((resolve) => {
    for (const ws of wss.clients) ws.terminate();
    wss.close(() => server.close(() => resolve()));
  }));
});
