import type { PersonView } from '../../sync/session.ts';
import { PRESENCE_COLORS } from '../presence.ts';

/** One colour per person (not per device), so one author's changes look the same everywhere. */
export function authorColor(personId: string | null): string {
  if (!personId) return '#4a4a4a';
  let h = 0;
  for (let i = 0; i < personId.length; i++) h = (h * 31 + personId.charCodeAt(i)) | 0;
  return PRESENCE_COLORS[Math.abs(h) % PRESENCE_COLORS.length] ?? PRESENCE_COLORS[0];
}

/** The person a device key belongs to, for "who fixed / endorsed". */
export function personOfDevice(people: readonly PersonView[], deviceId: string): PersonView | undefined {
  return people.find((p) => p.devices.some((d) => d.deviceId === deviceId));
}
