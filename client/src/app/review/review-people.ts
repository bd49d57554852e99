import type { PersonView } from '../../sync/session.ts';
import { PRESENCE_COLORS } from '../presence.ts';
import { t } from '../i18n/index.ts';
import { roleName } from '../members/member-words.ts';
import './register-messages.ts';

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

/**
 * A person's name as review shows it: someone who left keeps their name with their former role
 * ("Sanne, was casusregisseur"), so a version or endorsement they made stays theirs. A professional's
 * function says more than a role; "Iemand" only when no name was ever known on this device.
 */
export function shownName(people: readonly PersonView[], personId: string | null): string {
  const person = personId ? people.find((p) => p.personId === personId) : undefined;
  const name = person?.displayName || t('review.unknownPerson');
  if (!person?.left) return name;
  const role = person.kind === 'professional' && person.function ? t(`members.function.${person.function}`) : roleName(person.role);
  return t('reviewApp.person.left', { name, role });
}
