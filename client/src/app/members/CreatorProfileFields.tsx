import type { JSX } from 'solid-js';
import { t } from '../i18n/index.ts';
import { ProfileFields } from './ProfileFields.tsx';

/**
 * "Wie ben jij in dit plan?" in the new-plan form, with nothing chosen until the person chooses;
 * read back with `creatorProfileFrom` (`creatorKindChosen` says whether they did).
 */
export function CreatorProfileFields(props: { invalid: boolean }): JSX.Element {
  return (
    <ProfileFields
      idPrefix="new-plan"
      kindName="creatorKind"
      functionName="creatorFunction"
      kindLabel={t('members.creator.kindLabel')}
      functionLabel={t('members.creator.functionLabel')}
      help={t('members.creator.help')}
      chooseFirst={{ prompt: t('members.creator.choose'), invalid: props.invalid }}
    />
  );
}
