import { onCleanup, onMount, type JSX } from 'solid-js';
import { Icon } from './Icon.tsx';
import { t } from './i18n/index.ts';
import { installEscapeExit, quickExit } from './quick-exit.ts';

/** The quick-exit button; also arms the three-times-Escape shortcut while the app is shown. */
export function QuickExitButton(): JSX.Element {
  onMount(() => onCleanup(installEscapeExit()));
  return (
    <button type="button" class="quick-exit" aria-label={t('exit.label')} title={t('exit.tip')} onClick={() => quickExit()}>
      <Icon name="exit" />
      <span>{t('exit.button')}</span>
    </button>
  );
}

/** Emergency numbers, always visible and one tap away. */
export function HelpBar(): JSX.Element {
  return (
    <aside class="help-bar" aria-label={t('help.title')}>
      <a class="help-call help-call-danger" href="tel:112" aria-label={t('help.danger')}>
        <Icon name="phone" />
        <span class="help-long">{t('help.danger')}</span>
        <span class="help-short">{t('help.dangerShort')}</span>
      </a>
      <a class="help-call" href="tel:08002000" aria-label={`${t('help.veiligThuis')}. ${t('help.veiligThuisNote')}`}>
        <Icon name="phone" />
        <span class="help-long">
          {t('help.veiligThuis')}
          <small>{t('help.veiligThuisNote')}</small>
        </span>
        <span class="help-short">{t('help.veiligThuisShort')}</span>
      </a>
    </aside>
  );
}
