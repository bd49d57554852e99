import { encodeRelayFrame, type RelayFrame } from '@safeplan/schema/protocol';
import type { Connection } from './connection.ts';

/** Who is subscribed to which plan, for fan-out. */
export interface Rooms {
  join(planKey: string, conn: Connection): void;
  leave(planKey: string, conn: Connection): void;
  leaveAll(conn: Connection): void;
  subscribers(planKey: string): readonly Connection[];
  /** Sends to every subscriber of the plan except `except` (the sender already has it). */
  broadcast(planKey: string, frame: RelayFrame, except?: Connection): number;
}

export function createRooms(): Rooms {
  const rooms = new Map<string, Set<Connection>>();
  const leave = (planKey: string, conn: Connection) => {
    const room = rooms.get(planKey);
    conn.subscriptions.delete(planKey);
    if (!room) return;
    room.delete(conn);
    if (room.size === 0) rooms.delete(planKey);
  };
  return {
    join(planKey, conn) {
      let room = rooms.get(planKey);
      if (!room) rooms.set(planKey, (room = new Set()));
      room.add(conn);
      conn.subscriptions.add(planKey);
    },
    leave,
    leaveAll(conn) {
      for (const planKey of [...conn.subscriptions]) leave(planKey, conn);
    },
    subscribers: (planKey) => [...(rooms.get(planKey) ?? [])],
    broadcast(planKey, frame, except) {
      const room = rooms.get(planKey);
      if (!room) return 0;
      const bytes = encodeRelayFrame(frame);
      let sent = 0;
      for (const conn of [...room]) {
        if (conn === except) continue;
        conn.sendEncoded(bytes);
        sent++;
      }
      return sent;
    },
  };
}
