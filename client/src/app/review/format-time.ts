import { lang } from '../i18n/index.ts';

/** "12 mrt 2026 14:05": a day and time people read at a glance, in the chosen language. */
export function formatTime(at: number | null): string {
  if (at === null) return '?';
  return new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

/** "12 maart 2026" for a 'YYYY-MM-DD' meeting date; the date as given when it does not parse. */
export function formatDay(isoDate: string): string {
  const d = new Date(`${isoDate}T12:00:00`);
  if (Number.isNaN(d.getTime())) return isoDate;
  return new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'long' }).format(d);
}

/** Today as 'YYYY-MM-DD' in local time, the default meeting date. */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
