/** Calendar dates as 'YYYY-MM-DD' in the device's time zone: a term ends on a day, not an instant. */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function iso(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m + 1)}-${pad(d)}`;
}

export function todayISO(now: Date): string {
  return iso(now.getFullYear(), now.getMonth(), now.getDate());
}

/** The same day `months` later; the 31st becomes the last day of a shorter month. */
export function addMonthsISO(now: Date, months: number): string {
  const target = new Date(now.getFullYear(), now.getMonth() + months, 1);
  const lastDay = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
  return iso(target.getFullYear(), target.getMonth(), Math.min(now.getDate(), lastDay));
}
