import type { JSX } from 'solid-js';
import { Icon } from './Icon.tsx';
import { lang, setLang, t } from './i18n/index.ts';

/** Switches between Dutch and English; its label is in the language it switches to. */
export function LanguageSwitch(): JSX.Element {
  const other = () => (lang() === 'nl' ? 'en' : 'nl');
  return (
    <button type="button" class="lang-switch" lang={other()} aria-label={t('lang.switchLabel')} onClick={() => setLang(other())}>
      <Icon name="globe" />
      <span>{t('lang.switch')}</span>
    </button>
  );
}
