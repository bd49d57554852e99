import type { PersonView } from '../../sync/session.ts';
import { PRESENCE_COLORS } from '../presence.ts';
import { authorColor } from '../review/review-people.ts';

const fold = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl');

/**
 * A scorer's colour as in review: a member whose name is the score's "who" gets their review
 * colour; anyone else (a name written by hand) a steady colour from the same palette.
 */
export function scaleColor(who: string, people: readonly PersonView[]): string {
  const member = people.find((p) => fold(p.displayName) !== '' && fold(p.displayName) === fold(who));
  if (member) return authorColor(member.personId);
  let h = 0;
  const key = fold(who);
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return PRESENCE_COLORS[Math.abs(h) % PRESENCE_COLORS.length] ?? PRESENCE_COLORS[0];
}
