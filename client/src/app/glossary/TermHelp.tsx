import { createSignal, For, Show, type JSX } from 'solid-js';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import { TERMS, type Term } from './glossary-terms.ts';
import './glossary-messages.ts';

const [glossaryOpen, setGlossaryOpen] = createSignal(false);

/** Opens the full word list (one per screen). */
export const openGlossary = () => setGlossaryOpen(true);

function TermList(props: { terms: readonly Term[] }): JSX.Element {
  return (
    <dl class="term-list">
      <For each={props.terms}>
        {(term) => (
          <div class="term" data-term={term}>
            <dt>{t(`glossary.${term}.term`)}</dt>
            <dd>{t(`glossary.${term}.meaning`)}</dd>
          </div>
        )}
      </For>
    </dl>
  );
}

/** "Wat betekent dit?": the explanation of a few words, one tap away, with a way to all words. */
export function TermHelp(props: { terms: readonly Term[] }): JSX.Element {
  return (
    <details class="term-help" contentEditable={false}>
      <summary>
        <Icon name="question" />
        <span>{t('glossary.whatMeans')}</span>
      </summary>
      <TermList terms={props.terms} />
      <button type="button" class="quiet term-all" onClick={openGlossary}>
        {t('glossary.openAll')}
      </button>
    </details>
  );
}

/** The button that opens the word list. */
export function GlossaryButton(): JSX.Element {
  return (
    <button type="button" class="quiet glossary-button" aria-haspopup="dialog" onClick={openGlossary}>
      <Icon name="question" />
      <span>{t('glossary.open')}</span>
    </button>
  );
}

/**
 * Every word of the method and the roles, in a dialog that is not modal: the exit button and the
 * emergency numbers above it must stay one tap away, so nothing on the page is made inert.
 * Focus moves into the list and back to where it was; Escape closes it.
 */
export function GlossaryDialog(): JSX.Element {
  let dialog: HTMLDialogElement | undefined;
  let returnTo: HTMLElement | null = null;
  const show = (el: HTMLDialogElement) => {
    dialog = el;
    returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    queueMicrotask(() => {
      if (!el.open) el.show();
      el.querySelector<HTMLElement>('.glossary-close')?.focus();
    });
  };
  const close = () => {
    dialog?.close();
    setGlossaryOpen(false);
    returnTo?.focus?.();
  };
  return (
    <Show when={glossaryOpen()}>
      <dialog
        class="glossary"
        ref={show}
        aria-labelledby="glossary-title"
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
        }}
      >
        <div class="glossary-head">
          <h2 id="glossary-title">{t('glossary.title')}</h2>
          <button type="button" class="glossary-close" onClick={close}>
            {t('glossary.close')}
          </button>
        </div>
        <p>{t('glossary.intro')}</p>
        <TermList terms={TERMS} />
      </dialog>
    </Show>
  );
}
