import { createSignal, For, Show, type JSX } from 'solid-js';
import { MEMBER_KINDS, PROFESSIONAL_FUNCTIONS, type MemberKind, type ProfessionalFunction } from '@safeplan/schema/protocol';
import { t } from '../i18n/index.ts';
import './members-messages.ts';

const KINDS = Object.keys(MEMBER_KINDS) as MemberKind[];
const FUNCTIONS = Object.keys(PROFESSIONAL_FUNCTIONS) as ProfessionalFunction[];

/** "Wie ben jij in dit plan?" in the new-plan form; read back with `creatorProfileFrom`. */
export function CreatorProfileFields(): JSX.Element {
  const [kind, setKind] = createSignal<MemberKind>('network');
  return (
    <>
      <label class="field-label" for="new-plan-kind">{t('members.creator.kindLabel')}</label>
      <select id="new-plan-kind" name="creatorKind" aria-describedby="new-plan-kind-help" onChange={(e) => setKind(e.currentTarget.value as MemberKind)}>
        <For each={KINDS}>
          {(k) => (
            <option value={k} selected={k === kind()}>
              {t(`members.creator.kind.${k}`)}
            </option>
          )}
        </For>
      </select>
      <p class="help-text" id="new-plan-kind-help">{t('members.creator.help')}</p>
      <Show when={kind() === 'professional'}>
        <label class="field-label" for="new-plan-function">{t('members.creator.functionLabel')}</label>
        <select id="new-plan-function" name="creatorFunction">
          <For each={FUNCTIONS}>{(f) => <option value={f}>{t(`members.function.${f}`)}</option>}</For>
        </select>
      </Show>
    </>
  );
}
