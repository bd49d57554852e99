import type * as Y from 'yjs';

/**
 * The plan's name is plan content: it lives in the encrypted plan document (owners and editors
 * write it), so every member's device shows the name the maker gave it, and the relay never sees
 * it. The device keeps a copy in its own meta only for the home screen's list.
 */
export const PLAN_TITLE_MAP = 'planTitle';
const TITLE_KEY = 'title';
/** Longer names are cut when read: a name is a line on a card, never a place to hide a text. */
export const MAX_TITLE_CHARS = 200;
/** What the name field takes: a name that fits a card in a few lines on a phone. */
export const MAX_TITLE_INPUT_CHARS = 80;

export function titleInDoc(plan: Y.Doc): string {
  const value = plan.getMap<unknown>(PLAN_TITLE_MAP).get(TITLE_KEY);
  return typeof value === 'string' ? value.trim().slice(0, MAX_TITLE_CHARS) : '';
}

/** Writes the name when it differs; a no-op for an empty name. */
export function writeTitleInDoc(plan: Y.Doc, title: string): void {
  const next = title.trim().slice(0, MAX_TITLE_CHARS);
  if (!next || next === titleInDoc(plan)) return;
  plan.transact(() => plan.getMap<unknown>(PLAN_TITLE_MAP).set(TITLE_KEY, next));
}

/** Calls `listener` with the name whenever the name in the document changes. */
export function onTitleInDoc(plan: Y.Doc, listener: (title: string) => void): () => void {
  const map = plan.getMap<unknown>(PLAN_TITLE_MAP);
  const observer = () => listener(titleInDoc(plan));
  map.observe(observer);
  return () => map.unobserve(observer);
}
