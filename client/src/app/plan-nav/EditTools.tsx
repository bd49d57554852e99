import { createSignal, onCleanup, type Accessor, type JSX } from 'solid-js';
import type { Editor } from '@tiptap/core';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import './plan-nav-messages.ts';

/**
 * Undo and redo on screen, for a tablet without a keyboard. They act on the editor last written
 * in (the plan, or the scores and log), and only on this device's own changes, like Ctrl+Z.
 */
export function EditTools(props: { editor: Accessor<Editor | undefined> }): JSX.Element {
  // Re-read what can be undone after every transaction of the editor in use.
  const [tick, setTick] = createSignal(0);
  let watched: Editor | undefined;
  const bump = () => setTick((n) => n + 1);
  const watch = () => {
    const e = props.editor();
    if (e === watched) return e;
    watched?.off('transaction', bump);
    watched = e;
    e?.on('transaction', bump);
    return e;
  };
  onCleanup(() => watched?.off('transaction', bump));
  const can = (what: 'undo' | 'redo') => {
    tick();
    const e = watch();
    if (!e || e.isDestroyed || !e.isEditable) return false;
    return what === 'undo' ? e.can().undo() : e.can().redo();
  };
  const run = (what: 'undo' | 'redo') => {
    const e = props.editor();
    if (!e || e.isDestroyed) return;
    if (what === 'undo') e.commands.undo();
    else e.commands.redo();
    bump();
  };
  // Keep the caret where it was: a tap on these buttons must not take the focus from the text.
  const keepFocus = (ev: MouseEvent) => ev.preventDefault();
  return (
    <div class="edit-tools" role="group" aria-label={t('nav.editTools')}>
      <button type="button" class="quiet" disabled={!can('undo')} onMouseDown={keepFocus} onClick={() => run('undo')}>
        <Icon name="undo" />
        <span>{t('nav.undo')}</span>
      </button>
      <button type="button" class="quiet" disabled={!can('redo')} onMouseDown={keepFocus} onClick={() => run('redo')}>
        <Icon name="redo" />
        <span>{t('nav.redo')}</span>
      </button>
    </div>
  );
}
