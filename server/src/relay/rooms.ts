import { encodeRelayFrame, type RelayFrame } from '@safeplan/schema/protocol';
import type { Connection } from './connection.ts';

/**
 * Who is subscribed to which plan, for fan-out, and how far each plan's room has been served.
 *
 * Another relay on the same store hands out seqs of the same plan, so this relay's own commits
 * are not all there is: `deliveredUpTo` is the seq up to which every subscriber of the room has
 * everything (plan-follower.ts reads what lies between it and a later seq from the store first),
 * and `logSent` is how many member events the room was sent. Both live as long as the room.
 */
export interface Rooms {
  /** `servedUpTo`/`logSent`: what `conn` was caught up to, the start of a room that did not exist. */
  join(planKey: string, conn: Connection, servedUpTo: number, logSent: number): void;
  leave(planKey: string, conn: Connection): void;
  leaveAll(conn: Connection): void;
  subscribers(planKey: string): readonly Connection[];
  /** Sends to every subscriber of the plan except `except` (the sender already has it). */
  broadcast(planKey: string, frame: RelayFrame, except?: Connection): number;
  /** The seq up to which the room has every envelope; undefined when nobody here subscribes. */
  deliveredUpTo(planKey: string): number | undefined;
  /** Raises the room's seq (never lowers it). */
  delivered(planKey: string, seq: number): void;
  /** Member events the room was sent; undefined when nobody here subscribes. */
  logSent(planKey: string): number | undefined;
  setLogSent(planKey: string, length: number): void;
  /** Plans with at least one subscriber here. */
  plans(): IterableIterator<string>;
}

interface Room {
  conns: Set<Connection>;
  deliveredUpTo: number;
  logSent: number;
}

export function createRooms(): Rooms {
  const rooms = new Map<string, Room>();
  const leave = (planKey: string, conn: Connection) => {
    const room = rooms.get(planKey);
    conn.subscriptions.delete(planKey);
    if (!room) return;
    room.conns.delete(conn);
    if (room.conns.size === 0) rooms.delete(planKey);
  };
  return {
    join(planKey, conn, servedUpTo, logSent) {
      let room = rooms.get(planKey);
      if (!room) rooms.set(planKey, (room = { conns: new Set(), deliveredUpTo: servedUpTo, logSent }));
      room.conns.add(conn);
      conn.subscriptions.add(planKey);
    },
    leave,
    leaveAll(conn) {
      for (const planKey of [...conn.subscriptions]) leave(planKey, conn);
    },
    subscribers: (planKey) => [...(rooms.get(planKey)?.conns ?? [])],
    broadcast(planKey, frame, except) {
      const room = rooms.get(planKey);
      if (!room) return 0;
      const bytes = encodeRelayFrame(frame);
      let sent = 0;
      // No copy of the set: a send that drops a slow reader leaves the room later (on 'close'),
      // and a Set may lose members while it is iterated anyway.
      for (const conn of room.conns) {
        if (conn === except) continue;
        conn.sendEncoded(bytes);
        sent++;
      }
      return sent;
    },
    deliveredUpTo: (planKey) => rooms.get(planKey)?.deliveredUpTo,
    delivered(planKey, seq) {
      const room = rooms.get(planKey);
      if (room && seq > room.deliveredUpTo) room.deliveredUpTo = seq;
    },
    logSent: (planKey) => rooms.get(planKey)?.logSent,
    setLogSent(planKey, length) {
      const room = rooms.get(planKey);
      if (room) room.logSent = length;
    },
    plans: () => rooms.keys(),
  };
}
