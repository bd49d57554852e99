import { invalid } from './apply-context.ts';
import type { DeviceCap } from './event-bodies.ts';
import { CHANNELS, mayPublish, type Channel, type Role } from './event-types.ts';
import { keyId, type ClockCaps, type MembershipState } from './state.ts';

/**
 * The highest update clock of `device` the signing device holds (applied, so signed by that
 * device and stored by the relay). A removal or demotion caps the device there.
 */
export type ClockOf = (device: Uint8Array) => number;

/** The caps a new event carries: one per device it takes a right from. */
export function capsFor(devices: readonly Uint8Array[], clockOf: ClockOf | undefined): DeviceCap[] {
  return devices.map((device) => ({ device, clock: clockOf?.(device) ?? 0 }));
}

/** Channels `from` may write and `to` may not (lost), and the other way round (given). */
export function channelChange(from: Role, to: Role): { lost: Channel[]; given: Channel[] } {
  return {
    lost: CHANNELS.filter((c) => mayPublish(from, c) && !mayPublish(to, c)),
    given: CHANNELS.filter((c) => !mayPublish(from, c) && mayPublish(to, c)),
  };
}

/**
 * The state's caps after an event with `caps` (undefined: an event older than version 4, which
 * sets none) that takes a right from exactly `devices`: every one of them named once, nobody else.
 */
export function capsAfter(
  state: MembershipState,
  caps: readonly DeviceCap[] | undefined,
  devices: readonly Uint8Array[],
  set: (before: ClockCaps, clock: number) => ClockCaps,
  give: { devices: readonly Uint8Array[]; channels: readonly Channel[] } = { devices: [], channels: [] },
): MembershipState['caps'] {
  let out: Map<string, ClockCaps> | undefined;
  if (caps !== undefined) {
    const wanted = new Set(devices.map(keyId));
    const seen = new Set<string>();
    for (const c of caps) {
      const id = keyId(c.device);
      if (!wanted.has(id)) throw invalid('a cap names a device this event takes no right from');
      if (seen.has(id)) throw invalid('a device is capped twice');
      seen.add(id);
      out ??= new Map(state.caps);
      out.set(id, set(out.get(id) ?? {}, c.clock));
    }
    if (seen.size !== wanted.size) throw invalid('every device this event takes a right from needs its cap');
  }
  if (give.channels.length > 0) {
    for (const d of give.devices) {
      const id = keyId(d);
      const before = (out ?? state.caps).get(id);
      if (!before) continue;
      const next = { ...before };
      for (const c of give.channels) delete next[c];
      out ??= new Map(state.caps);
      out.set(id, next);
    }
  }
  return out ?? state.caps;
}
