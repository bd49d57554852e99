import type { JSX } from 'solid-js';
import { t } from '../i18n/index.ts';
import { ProfileFields } from './ProfileFields.tsx';

/** "Wie ben jij in dit plan?" in the new-plan form; read back with `creatorProfileFrom`. */
export function CreatorProfileFields(): JSX.Element {
  return (
    <ProfileFields
      idPrefix="new-plan"
      kindName="creatorKind"
      functionName="creatorFunction"
      kindLabel={t('members.creator.kindLabel')}
      functionLabel={t('members.creator.functionLabel')}
      help={t('members.creator.help')}
    />
  );
}
