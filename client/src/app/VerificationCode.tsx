import { createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import type { PlanSession } from '../sync/session.ts';
import { Icon } from './Icon.tsx';
import { t } from './i18n/index.ts';

/**
 * The joiner's side of the check against a link that was intercepted: the code derived from the
 * invite and this device, to compare aloud with the person who invited. Shown once, after joining.
 */
export function JoinedCodeCard(props: { session: PlanSession; onDone: () => void }): JSX.Element {
  const code = () => props.session.membership.me().verificationCode;
  return (
    <Show when={code()}>
      {(c) => (
        <section class="card verify" aria-labelledby="verify-title">
          <h2 id="verify-title">{t('verify.title')}</h2>
          <p>{t('verify.joiner')}</p>
          <p class="verify-code" data-code={c()}>{c()}</p>
          <p class="help-text">{t('verify.different')}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={() => props.onDone()}>
              <Icon name="check" />
              <span>{t('verify.done')}</span>
            </button>
          </div>
        </section>
      )}
    </Show>
  );
}

interface Joined {
  deviceId: string;
  name: string;
  code: string;
}

/** Device clocks differ; a join stamped a little before the invite was made is still this one. */
const CLOCK_SLACK_MS = 10 * 60 * 1000;

/** Every other device that joined by invite since `since`, with its code to compare. */
export function joinedSince(session: PlanSession, since: number): Joined[] {
  return session.membership.people().flatMap((p) =>
    p.devices
      .filter((d) => !d.thisDevice && d.verificationCode && d.since >= since - CLOCK_SLACK_MS)
      .map((d) => ({ deviceId: d.deviceId, name: p.displayName || t('plan.untitledPerson'), code: d.verificationCode! })),
  );
}

/** The inviter's side: everyone who joined by invite since `since`, with the code to compare. */
export function JoinedSince(props: { session: PlanSession; since: number }): JSX.Element {
  const { membership } = props.session;
  const read = (): Joined[] => joinedSince(props.session, props.since);
  const [joined, setJoined] = createSignal(read());
  onCleanup(membership.onChange(() => setJoined(read())));
  return (
    <Show when={joined().length > 0}>
      <div class="verify" role="status">
        <For each={joined()}>
          {(j) => (
            <p>
              <strong>{t('verify.joined', { name: j.name })}</strong> {t('verify.owner')}{' '}
              <span class="verify-code" data-code={j.code}>{j.code}</span>
            </p>
          )}
        </For>
      </div>
    </Show>
  );
}
