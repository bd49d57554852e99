import type { MemberProfile, Role } from '@safeplan/schema/protocol';
import type { TimelineEntry } from '../../sync/session.ts';
import { lang, t } from '../i18n/index.ts';
import './members-messages.ts';
import { browserHasNetwork } from '../browser-online.ts';

export function roleName(role: Role): string {
  return t(`members.role.${role}`);
}

/** The role with "een" / "a" or "an" before it: "an editor", "a reader". */
export function roleWithArticle(role: Role): string {
  return t(`members.roleWithArticle.${role}`);
}

/** "netwerk", or for a professional their function ("casusregisseur"), which says more than "professional". */
export function profileName(profile: { kind: MemberProfile['kind']; function?: MemberProfile['function'] | undefined }): string {
  return profile.kind === 'professional' && profile.function
    ? `${t('members.kind.professional')}, ${t(`members.function.${profile.function}`)}`
    : t(`members.kind.${profile.kind}`);
}

export function personName(name: string | undefined): string {
  return name?.trim() || t('members.untitledPerson');
}

export function formatDay(ms: number): string {
  return new Date(ms).toLocaleDateString(lang() === 'en' ? 'en-GB' : 'nl-NL', { day: 'numeric', month: 'long', year: 'numeric' });
}

export function formatMoment(ms: number): string {
  return new Date(ms).toLocaleString(lang() === 'en' ? 'en-GB' : 'nl-NL', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** "Anna", "Anna en Bram", "Anna, Bram en Carla". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${t('members.event.and')} ${names.at(-1)}`;
}

const KNOWN_EVENTS = new Set([
  'create',
  'invite',
  'join',
  'set-role',
  'offer-ownership',
  'accept-ownership',
  'link-device',
  'rotate-key',
  'revoke-invite',
  'register-recovery',
  'use-recovery',
]);

/**
 * The entry with a name filled in where the log's people have none yet but the people list does
 * (the maker of a plan not shared yet is written into the plan's people only once it is shared).
 */
export function withKnownNames(e: TimelineEntry, known: (personId: string) => string | undefined): TimelineEntry {
  const named = <P extends { personId: string; displayName: string }>(p: P): P => (p.displayName.trim() ? p : { ...p, displayName: known(p.personId) ?? p.displayName });
  const filled: TimelineEntry = { ...e, actor: named(e.actor) };
  if (e.subject) filled.subject = named(e.subject);
  if (e.removed) filled.removed = e.removed.map(named);
  return filled;
}

/** One signed step of the log as a sentence: who did what, to whom. */
export function timelineSentence(e: TimelineEntry): string {
  const removed = joinNames((e.removed ?? []).map((p) => personName(p.displayName)));
  const params = {
    actor: personName(e.actor.displayName),
    subject: personName(e.subject?.displayName),
    role: e.role ? roleName(e.role) : '',
    removed,
  };
  if (e.type === 'remove') return t(removed ? 'members.event.remove' : 'members.event.remove-device', params);
  if (e.type === 'close-case') return t(removed ? 'members.event.close-case' : 'members.event.close-case-none', params);
  if (e.type === 'set-role' && e.subject && e.subject.personId === e.actor.personId) return t('members.event.set-role-self', params);
  return t(KNOWN_EVENTS.has(e.type) ? `members.event.${e.type}` : 'members.event.other', params);
}

const ERROR_CODES = new Set(['not-allowed', 'last-owner', 'offline', 'invalid-event', 'access-revoked', 'log-full']);

/**
 * A membership operation's failure in words a person can act on (SyncError codes; anything else:
 * try again). `online`: whether the device has a network; when it has, and the relay still did
 * not answer, the relay is what is down, and "you need internet" would send the person to check
 * the wrong thing.
 */
export function memberErrorText(err: unknown, online = browserHasNetwork()): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  if (code === 'no-relay' || code === 'offline') return t(online ? 'members.error.relay-unreachable' : 'members.error.offline');
  // The relay would not create the plan, or needs a newer app: the same words as the plan's status (sync.problem.*).
  if (code === 'token-required' || code === 'quota-exceeded' || code === 'update-required') return t(`sync.problem.${code}`);
  return t(ERROR_CODES.has(code) ? `members.error.${code}` : 'members.error.failed');
}
