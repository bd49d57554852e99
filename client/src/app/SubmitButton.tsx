import type { JSX } from 'solid-js';
import { Icon, type IconName } from './Icon.tsx';

/**
 * A form's main button. While its work runs it says so (`busyLabel`) and is disabled, so a second
 * press cannot send the same thing twice.
 */
export function SubmitButton(props: { icon: IconName; label: string; busyLabel: string; busy: boolean; big?: boolean }): JSX.Element {
  return (
    <div class="actions">
      <button type="submit" class={props.big ? 'primary big' : 'primary'} disabled={props.busy}>
        <Icon name={props.icon} />
        <span>{props.busy ? props.busyLabel : props.label}</span>
      </button>
    </div>
  );
}
