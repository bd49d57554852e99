import { WebSocketServer, type WebSocket } from 'ws';
import { failToParent, serveParent } from './child-protocol.ts';

/**
 * Baseline: the least a relay can do. The room is the URL path; every message goes as it is to
 * every other socket in the room. No parsing, no checks, no storage, no acks.
 */
const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const name = req.url ?? '/';
  let room = rooms.get(name);
  if (!room) rooms.set(name, (room = new Set()));
  const members = room;
  members.add(ws);
  ws.on('message', (data, isBinary) => {
    for (const other of members) if (other !== ws && other.readyState === other.OPEN) other.send(data, { binary: isBinary });
  });
  ws.on('close', () => members.delete(ws));
});
wss.once('error', failToParent);
wss.once('listening', () => {
  const address = wss.address();
  if (address === null || typeof address === 'string') failToParent(new Error('unexpected pipe address'));
  serveParent(address.port, () => new Promise((resolve) => {
    for (const ws of wss.clients) ws.terminate();
    wss.close(() => resolve());
  }));
});
