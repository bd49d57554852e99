import { Show, type JSX } from 'solid-js';

/** What a form says after an attempt: `ok` is read out politely, a refusal as an alert in error style. */
export interface FormResult {
  ok: boolean;
  text: string;
}

/** The line under a form that says how saving went; nothing while there is nothing to say. */
export function FormMessage(props: { message: FormResult | undefined; id?: string }): JSX.Element {
  return (
    <Show when={props.message}>
      {(m) => (
        <p id={props.id} role={m().ok ? 'status' : 'alert'} class={m().ok ? '' : 'error-text'}>
          {m().text}
        </p>
      )}
    </Show>
  );
}
