import type { JSX } from 'solid-js';
import type { PersonView } from '../../sync/session.ts';
import { t } from '../i18n/index.ts';
import { joinNames, personName } from './member-words.ts';

/** For whoever may not invite: who can ("Vraag Sanne om iemand uit te nodigen"), instead of a button that fails. */
export function AskOwner(props: { people: readonly PersonView[] }): JSX.Element {
  const owners = () => props.people.filter((p) => p.role === 'owner' && !p.left).map((p) => personName(p.displayName));
  return (
    <p class="ask-owner" data-invite="ask-owner">
      {owners().length === 0
        ? t('roles.inviteOnlyOwners')
        : owners().length === 1
          ? t('roles.askOwner', { name: owners()[0] ?? '' })
          : t('roles.askOwners', { names: joinNames(owners()) })}
    </p>
  );
}
