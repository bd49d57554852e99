import type { JSX } from 'solid-js';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import './recovery-messages.ts';

/** On the start screen: the way back into a plan for an owner who lost every device. */
export function RecoverLink(): JSX.Element {
  return (
    <div class="actions">
      <button type="button" class="quiet" onClick={() => navigate({ name: 'recover', code: '' })}>
        <Icon name="lock" />
        <span>{t('recover.link')}</span>
      </button>
    </div>
  );
}
