import { createResource, For, Show, type JSX } from 'solid-js';
import { t } from '../i18n/index.ts';
import { formatDay, todayIso } from '../review/format-time.ts';
import { recalledDue } from './due-memo.ts';
import { dueLines, dueTone } from './due-lines.ts';
import './due-messages.ts';

/** On a plan's card in the list: what is due, from the dates kept when the plan was last open. */
export function PlanCardDue(props: { planId: string }): JSX.Element {
  const [facts] = createResource(() => props.planId, recalledDue);
  const lines = () => {
    const f = facts();
    return f ? dueLines(f, todayIso()) : [];
  };
  return (
    <Show when={lines().length > 0}>
      <span class="plan-card-due" data-testid="plan-card-due">
        <For each={lines()}>
          {(line) => <span data-due={line.key} data-tone={dueTone(line)}>{t(line.key, 'date' in line.params ? { ...line.params, date: formatDay(line.params.date) } : line.params).trim()}</span>}
        </For>
      </span>
    </Show>
  );
}
