import { t } from '../i18n/index.ts';
import { daysBetween, type DueFacts } from './due-lines.ts';

/**
 * Reminders through the browser's own notifications, only while the app is open: there is no
 * push server, so nothing about a meeting ever leaves the device. The text is neutral
 * ("Afspraak morgen"), since a lock screen can be seen by anyone in the room.
 */
export type NotifyState = 'granted' | 'denied' | 'default' | 'unsupported';

export function notificationState(): NotifyState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function askForNotifications(): Promise<NotifyState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return 'denied';
  }
}

const shown = new Set<string>();

/** Shows one neutral notification per meeting day and visit, the day before or on the day. */
export function remindOnOpen(facts: DueFacts, today: string, force = false): void {
  const next = facts.nextMeeting;
  if (!next || notificationState() !== 'granted') return;
  const days = daysBetween(today, next.date);
  if (days < 0 || days > 1) return;
  const tag = `${next.date}-${days}`;
  if (shown.has(tag) && !force) return;
  shown.add(tag);
  const when = `${t(days === 0 ? 'network.notify.today' : 'network.notify.tomorrow')}${next.time ? ` ${next.time}` : ''}`;
  try {
    new Notification(t('network.ics.neutralTitle'), { body: t('network.notify.body', { when }), tag });
  } catch (err) {
    // Some browsers only allow notifications from a service worker; the card shows it anyway.
    console.warn('notification not shown', err instanceof Error ? err.name : 'error');
  }
}
