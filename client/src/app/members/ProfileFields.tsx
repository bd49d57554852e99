import { createSignal, For, Show, type JSX } from 'solid-js';
import { MEMBER_KINDS, PROFESSIONAL_FUNCTIONS, type MemberKind, type ProfessionalFunction } from '@safeplan/schema/protocol';
import { t } from '../i18n/index.ts';
import './members-messages.ts';

const KINDS = Object.keys(MEMBER_KINDS) as MemberKind[];
const FUNCTIONS = Object.keys(PROFESSIONAL_FUNCTIONS) as ProfessionalFunction[];

/**
 * A person's place in the method: household, network or professional, and for a professional
 * their function. Used for the plan's creator and for an invite; read back with `profileFrom`.
 */
export function ProfileFields(props: {
  idPrefix: string;
  kindName: string;
  functionName: string;
  kindLabel: string;
  functionLabel: string;
  help?: string;
  /**
   * Nothing is chosen until the person chooses (the first option asks for it): for the plan's
   * creator, whose place is signed into the plan's first event and cannot change later. A
   * professional recorded as network would stay in the plan after the case is closed.
   */
  chooseFirst?: { prompt: string; invalid: boolean };
}): JSX.Element {
  const [kind, setKind] = createSignal<MemberKind | ''>(props.chooseFirst ? '' : 'network');
  const helpId = `${props.idPrefix}-kind-help`;
  return (
    <>
      <label class="field-label" for={`${props.idPrefix}-kind`}>{props.kindLabel}</label>
      <select
        id={`${props.idPrefix}-kind`}
        name={props.kindName}
        aria-describedby={props.help ? helpId : undefined}
        aria-invalid={props.chooseFirst?.invalid ? 'true' : undefined}
        onChange={(e) => setKind(e.currentTarget.value as MemberKind)}
      >
        <Show when={props.chooseFirst}>
          {(c) => (
            <option value="" disabled selected={kind() === ''}>
              {c().prompt}
            </option>
          )}
        </Show>
        <For each={KINDS}>
          {(k) => (
            <option value={k} selected={k === kind()}>
              {t(`members.creator.kind.${k}`)}
            </option>
          )}
        </For>
      </select>
      <Show when={props.help}>
        <p class="help-text" id={helpId}>{props.help}</p>
      </Show>
      <Show when={kind() === 'professional'}>
        <label class="field-label" for={`${props.idPrefix}-function`}>{props.functionLabel}</label>
        <select id={`${props.idPrefix}-function`} name={props.functionName}>
          <For each={FUNCTIONS}>{(f) => <option value={f}>{t(`members.function.${f}`)}</option>}</For>
        </select>
      </Show>
    </>
  );
}
