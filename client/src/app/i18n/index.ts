import { createSignal } from 'solid-js';
import { appMessagesEn, appMessagesNl } from './app-messages.ts';
import { lockMessagesEn, lockMessagesNl } from './lock-messages.ts';
import { deviceAndRoleMessagesEn, deviceAndRoleMessagesNl } from './device-and-role-messages.ts';
import { has as hasKey, translate, type Dictionary, type Lang, type Params } from './translate.ts';

export type { Lang, Params } from './translate.ts';

const LANG_KEY = 'safeplan.lang';

const dicts: Record<Lang, Dictionary> = {
  nl: { ...appMessagesNl, ...lockMessagesNl, ...deviceAndRoleMessagesNl },
  en: { ...appMessagesEn, ...lockMessagesEn, ...deviceAndRoleMessagesEn },
};

function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'nl';
  } catch {
    return 'nl';
  }
}

const [lang, setLangSignal] = createSignal<Lang>(storedLang());

export { lang };

/** Remembers the choice on this device only; Dutch is the default for everyone. */
export function setLang(next: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    // Private mode without storage: the choice then lasts for this visit only.
  }
  document.documentElement.lang = next;
  setLangSignal(next);
}

/** The one way to show words to a person. Reactive: re-renders when the language changes. */
export function t(key: string, params?: Params): string {
  return translate(dicts, lang(), key, params);
}

/**
 * Like `t`, for words that follow a number: with `count` 1 it takes the key's `.one` form where
 * there is one ("1 seconde", not "1 seconden").
 */
export function tCount(key: string, count: number, params?: Params): string {
  const one = `${key}.one`;
  return t(count === 1 && hasMessage(one) ? one : key, params);
}

export function hasMessage(key: string): boolean {
  return hasKey(dicts, lang(), key);
}

/** Adds another module's words (e.g. the plan schema's labels) to the one i18n layer. */
export function addMessages(messages: Partial<Record<Lang, Dictionary>>): void {
  if (messages.nl) Object.assign(dicts.nl, messages.nl);
  if (messages.en) Object.assign(dicts.en, messages.en);
}
