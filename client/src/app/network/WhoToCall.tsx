import { For, Show, type Accessor, type JSX } from 'solid-js';
import type { PlanModel } from '@safeplan/schema/plan';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import { whoToCall } from './who-to-call.ts';
import './network-messages.ts';

/** The emergency numbers the method names; always on the card, whatever the plan says. */
const EMERGENCY = [
  { key: 'danger', number: '112', tel: 'tel:112' },
  { key: 'vt', number: '0800-2000', tel: 'tel:08002000' },
] as const;

/** "Wie bel je?": in which situation to call whom, with numbers to tap, from the plan's agreements and people. */
export function WhoToCall(props: { model: Accessor<PlanModel | null> }): JSX.Element {
  const rows = () => {
    const m = props.model();
    return m ? whoToCall(m) : [];
  };
  return (
    <section class="card who-to-call" aria-labelledby="who-to-call-title" data-testid="who-to-call">
      <h2 id="who-to-call-title">
        <Icon name="phone" />
        <span>{t('network.call.title')}</span>
      </h2>
      <ul class="call-rows">
        <For each={rows()}>
          {(row) => (
            <li class="call-row">
              <p class="call-when">{row.fromAgreement ? t('network.call.ifWrong', { what: row.when }) : row.when}</p>
              <Show when={row.what}>
                <p class="call-what">{row.what}</p>
              </Show>
              <div class="call-people">
                <For each={row.people}>
                  {(p) => (
                    <Show when={p.tel} fallback={<span class="call-nophone">{p.name} · {t('network.call.noPhone')}</span>}>
                      {(tel) => (
                        <a class="button call-link" href={tel()}>
                          <Icon name="phone" />
                          <span>{t('network.call.person', { name: p.name })}</span>
                          <span class="call-number">{p.phone}</span>
                        </a>
                      )}
                    </Show>
                  )}
                </For>
              </div>
            </li>
          )}
        </For>
        <For each={EMERGENCY}>
          {(e) => (
            <li class="call-row emergency" data-emergency={e.key}>
              <p class="call-when">{t(e.key === 'danger' ? 'network.call.dangerWhen' : 'network.call.vtWhen')}</p>
              <div class="call-people">
                <a class="button call-link" classList={{ danger: e.key === 'danger' }} href={e.tel}>
                  <Icon name="phone" />
                  <span>{t(e.key === 'danger' ? 'network.call.danger' : 'network.call.vt')}</span>
                  <span class="call-number">{e.number}</span>
                </a>
              </div>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
