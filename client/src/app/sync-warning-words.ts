import type { SyncWarning } from '../sync/session.ts';

/** Who a warning is about, by the name the plan shows for that person (undefined: not known). */
export type NameOf = (concerns: SyncWarning['concerns']) => string | undefined;

/** The i18n layer's lookup, passed in so this stays free of Solid and testable in both languages. */
export interface Words {
  t(key: string, params?: Record<string, string | number>): string;
  has(key: string): boolean;
}

/**
 * One warning in plain words: what happened, about whom, and what the person can do
 * ("Vraag Bram om de app te openen", "Neem contact op met de eigenaar van het plan"). A code
 * without words of its own still says who it concerns and what to do.
 */
export function warningWords(w: SyncWarning, nameOf: NameOf, words: Words): { what: string; todo: string } {
  const name = nameOf(w.concerns) ?? words.t('sync.attention.someone');
  const whatKey = `sync.attention.${w.code}`;
  const todoKey = `sync.advice.${w.code}`;
  const todo = words.has(todoKey) ? words.t(todoKey, { name }) : null;
  if (words.has(whatKey)) return { what: words.t(whatKey, { name }), todo: todo ?? words.t('sync.advice.default', { name }) };
  // Alarms that carry their own full sentence (the membership checks': what happened and what to do).
  const sentenceKey = `sync.warning.${w.code}`;
  if (words.has(sentenceKey)) return { what: words.t(sentenceKey, { name }), todo: todo ?? '' };
  return { what: words.t('sync.attention.refused', { name }), todo: todo ?? words.t('sync.advice.default', { name }) };
}

/** Looks a warning's person up in a member list (by person, else by device). */
export function nameIn(people: () => readonly { personId: string; displayName: string; devices: readonly { deviceId: string }[] }[]): NameOf {
  return (concerns) => {
    if (!concerns) return undefined;
    const all = people();
    const person =
      all.find((p) => concerns.personId !== undefined && p.personId === concerns.personId) ??
      all.find((p) => p.devices.some((d) => d.deviceId === concerns.devicePub));
    return person?.displayName || undefined;
  };
}
