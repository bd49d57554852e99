import { createResource, createSignal, For, Match, onCleanup, onMount, Switch, type JSX } from 'solid-js';
import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { SECTIONS } from '@safeplan/schema/plan';
import type { PlanLibrary, PlanSession } from '../sync/session.ts';
import { createPlanEditor } from '../editor/create-editor.ts';
import { sectionAnchor } from '../sections/SectionChrome.tsx';
import { sectionTitle } from '../sections/labels.ts';
import type { PlanViewContext, SectionHint } from '../sections/plan-view-context.ts';
import { Icon } from './Icon.tsx';
import { t } from './i18n/index.ts';
import { notify } from './notices.ts';
import { sessionFor } from './sessions.ts';
import { StorageErrorScreen } from './StorageErrorScreen.tsx';
import { SyncStatus } from './SyncStatus.tsx';
import { planHints } from './plan-hints.ts';

/** The plan screen: every section in the method's order, a section navigation and the sync state. */
export default function PlanScreen(props: { library: PlanLibrary; planId: string; onHome: (e: MouseEvent) => void }): JSX.Element {
  const [session, { refetch }] = createResource(() => props.planId, (id) => sessionFor(props.library, id));
  const [title] = createResource(async () => (await props.library.list()).find((p) => p.planId === props.planId)?.title ?? '');
  return (
    <Switch fallback={<p class="screen">{t('plan.loading')}</p>}>
      <Match when={session.error as unknown}>
        <StorageErrorScreen error={session.error} onRetry={() => void refetch()} />
      </Match>
      <Match when={session()}>
        {(s) => (
          <div class="plan-screen">
            <div class="plan-head">
              <a class="back" href="#/" onClick={(e) => props.onHome(e)}>
                <Icon name="back" />
                <span>{t('plan.back')}</span>
              </a>
              <h1 class="plan-title">{title() ?? ''}</h1>
              <SyncStatus session={s()} />
            </div>
            <SectionNav />
            <PlanEditor session={s()} />
          </div>
        )}
      </Match>
    </Switch>
  );
}

function SectionNav(): JSX.Element {
  const jump = (key: string) => {
    const el = document.getElementById(sectionAnchor(key));
    el?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    el?.querySelector<HTMLElement>('.field-text')?.focus?.();
  };
  return (
    <nav class="section-nav" aria-label={t('plan.sections')}>
      <ul>
        <For each={SECTIONS}>
          {(s, i) => (
            <li>
              <button type="button" class="chip" onClick={() => jump(s.key)}>
                <span class="chip-number" aria-hidden="true">
                  {i() + 1}
                </span>
                <span>{sectionTitle(s.key)}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}

const CARET_COLORS = ['#005f73', '#9b2226', '#3a5a40', '#6a4c93', '#bb3e03', '#1d3557'];

function PlanEditor(props: { session: PlanSession }): JSX.Element {
  let host: HTMLDivElement | undefined;
  let editor: Editor | undefined;
  const [doc, setDoc] = createSignal<PMNode | undefined>(undefined, { equals: false });
  const [hints, setHints] = createSignal<readonly SectionHint[]>([]);
  const ctx: PlanViewContext = { doc, hints, notify };

  onMount(() => {
    const local = props.session.awareness.getLocalState() as { user?: { name?: unknown } } | null;
    const name = typeof local?.user?.name === 'string' ? local.user.name : t('plan.you');
    editor = createPlanEditor({
      element: host as HTMLDivElement,
      session: props.session,
      user: { name, color: CARET_COLORS[props.session.doc.clientID % CARET_COLORS.length] ?? '#1d3557' },
      ctx,
      onFieldTooLong: (max) => notify(t('paste.tooLong', { max }), { tone: 'error' }),
      ariaLabel: t('plan.editorLabel'),
    });
    setDoc(editor.state.doc);
    setHints(planHints(editor.state.doc));
    let timer: ReturnType<typeof setTimeout> | undefined;
    editor.on('update', ({ editor: e }) => {
      setDoc(e.state.doc);
      // Hints are advice, not validation: recomputing them after a short pause keeps typing smooth.
      clearTimeout(timer);
      timer = setTimeout(() => setHints(planHints(e.state.doc)), 400);
    });
    onCleanup(() => clearTimeout(timer));
  });
  onCleanup(() => editor?.destroy());

  return (
    <div class="plan-body">
      <div ref={(el) => (host = el)} class="plan-editor-host" />
    </div>
  );
}
