import { downloadBlob } from '../download-file.ts';

/**
 * A calendar file (.ics, RFC 5545) for one network meeting, made on the device and saved by the
 * person into their own calendar. Nothing goes through the relay. A shared calendar can be seen by
 * the person who causes harm, so by default the event holds only a neutral title, the date and the
 * time; the place and the word "netwerkberaad" go in only when the person chooses so.
 */
export interface IcsMeeting {
  date: string; // 'YYYY-MM-DD'
  time: string | null; // 'HH:MM', or null for a whole-day event
  /** The event's title: the neutral word ("Afspraak") unless the person chose more. */
  title: string;
  /** Only when the person chose to include it. */
  place?: string;
  /** A random id: never the plan's id, which would tie calendar entries to the plan. */
  uid: string;
  now: Date;
}

const CRLF = '\r\n';

/** TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 3.3.11). */
export function icsText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets are folded: CRLF and a space (RFC 5545 3.1). */
function fold(line: string): string {
  const bytes = new TextEncoder().encode(line);
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  for (const ch of line) {
    if (new TextEncoder().encode(current + ch).length > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
    }
    current += ch;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

const compactDate = (iso: string) => iso.replace(/-/g, '');
const pad = (n: number) => String(n).padStart(2, '0');

function utcStamp(d: Date): string {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

function nextDay(iso: string): string {
  const d = new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10) + 1));
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

export function meetingIcs(m: IcsMeeting): string {
  const start: string[] = [];
  if (m.time) {
    // Floating local time: the meeting is at 19:00 wherever the calendar is.
    const [h, min] = m.time.split(':').map(Number);
    const endH = Math.min(23, (h ?? 0) + 2);
    start.push(`DTSTART:${compactDate(m.date)}T${pad(h ?? 0)}${pad(min ?? 0)}00`, `DTEND:${compactDate(m.date)}T${pad(endH)}${pad(min ?? 0)}00`);
  } else {
    start.push(`DTSTART;VALUE=DATE:${compactDate(m.date)}`, `DTEND;VALUE=DATE:${nextDay(m.date)}`);
  }
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Notities//NL', // neutral, like the tab title
    'CALSCALE:GREGORIAN',
    'BEGIN:VEVENT',
    `UID:${m.uid}`,
    `DTSTAMP:${utcStamp(m.now)}`,
    ...start,
    `SUMMARY:${icsText(m.title)}`,
    ...(m.place ? [`LOCATION:${icsText(m.place)}`] : []),
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${icsText(m.title)}`,
    'TRIGGER:-PT1H',
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join(CRLF) + CRLF;
}

/** Offers the file to the person's device ("Opslaan" / open in the calendar app). */
export function downloadIcs(text: string, fileName: string): void {
  downloadBlob(new Blob([text], { type: 'text/calendar;charset=utf-8' }), fileName);
}

export function randomUid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}@notities.invalid`;
}
