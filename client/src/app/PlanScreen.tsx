import { createEffect, createResource, createSignal, For, lazy, Match, onCleanup, onMount, Show, Switch, type JSX } from 'solid-js';
import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { SECTIONS } from '@safeplan/schema/plan';
import type { PlanLibrary, PlanSession, SyncState } from '../sync/session.ts';
import { createPlanEditor } from '../editor/create-editor.ts';
import { sectionAnchor } from '../sections/SectionChrome.tsx';
import { sectionTitle } from '../sections/labels.ts';
import type { PlanViewContext, SectionHint } from '../sections/plan-view-context.ts';
import { displayName } from './display-name.ts';
import { Icon } from './Icon.tsx';
import { t } from './i18n/index.ts';
import { notify } from './notices.ts';
import { colorFor } from './presence.ts';
import { PresenceList } from './PresenceList.tsx';
import { SharePanel } from './SharePanel.tsx';
import { justJoined, sessionFor, setJustJoined } from './sessions.ts';
import { JoinedCodeCard } from './VerificationCode.tsx';
import { StorageErrorScreen } from './StorageErrorScreen.tsx';
import { SyncStatus } from './SyncStatus.tsx';
import { planHints } from './plan-hints.ts';
import { MembersArea, MembersButton, useMembership } from './members/index.ts';

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
        {(s) => <PlanBody library={props.library} session={s()} title={title() || t('plan.untitled')} onHome={props.onHome} />}
      </Match>
    </Switch>
  );
}

const JOIN_CATCH_UP_WAIT_MS = 10_000;
/** Review (changes, versions, print) loads on its own, after the plan screen is up. */
const ReviewBar = lazy(() => import('./review/ReviewBar.tsx'));

function PlanBody(props: { library: PlanLibrary; session: PlanSession; title: string; onHome: (e: MouseEvent) => void }): JSX.Element {
  const [state, setState] = createSignal<SyncState>(props.session.state());
  const [sharing, setSharing] = createSignal(false);
  const members = useMembership(props.session);
  const [showMembers, setShowMembers] = createSignal(false);
  onCleanup(props.session.onState(setState));
  // Warnings are about someone else's bad data, not about the person's own work: a calm notice.
  onCleanup(
    props.session.onWarning((w) => {
      console.warn('sync warning', w.code); // the code only: it names what was refused, never content
      notify(t('sync.warning'));
    }),
  );
  const ownColor = colorFor(props.session.awareness.clientID);
  // A device that just joined has no plan yet: the editor waits for the first catch-up instead of
  // seeding an empty plan of its own and writing it while the real one streams in. Bounded, so a
  // slow line still gets an editor (the seed merges either way, see editor/seed.ts).
  const [editorReady, setEditorReady] = createSignal(justJoined() !== props.session.planId);
  createEffect(() => {
    if (state().kind === 'synced') setEditorReady(true);
  });
  const fallback = setTimeout(() => setEditorReady(true), JOIN_CATCH_UP_WAIT_MS);
  onCleanup(() => clearTimeout(fallback));
  createEffect(() => {
    props.session.awareness.setLocalStateField('user', { name: displayName() || t('plan.you'), color: ownColor });
  });
  return (
    <div class="plan-screen">
      <div class="plan-head">
        <a class="back" href="#/" onClick={(e) => props.onHome(e)}>
          <Icon name="back" />
          <span>{t('plan.back')}</span>
        </a>
        <h1 class="plan-title">{props.title}</h1>
        <SyncStatus session={props.session} />
        <MembersButton view={members} open={showMembers()} onToggle={() => setShowMembers(!showMembers())} />
        <button type="button" class="share-button" aria-expanded={sharing()} onClick={() => setSharing(!sharing())}>
          <Icon name="share" />
          <span>{t('share.button')}</span>
        </button>
      </div>
      <PresenceList session={props.session} state={state()} ownColor={ownColor} />
      <MembersArea library={props.library} session={props.session} view={members} open={showMembers()} onClose={() => setShowMembers(false)} />
      <ReviewBar session={props.session} planTitle={props.title} />
      <Show when={justJoined() === props.session.planId}>
        <JoinedCodeCard session={props.session} onDone={() => setJustJoined(undefined)} />
      </Show>
      <Show when={sharing()}>
        <SharePanel library={props.library} session={props.session} onClose={() => setSharing(false)} />
      </Show>
      <SectionNav />
      <Show when={editorReady()} fallback={<p class="screen">{t('plan.catchingUp')}</p>}>
        <PlanEditor session={props.session} color={ownColor} editable={members.mayEdit()} />
      </Show>
    </div>
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

function PlanEditor(props: { session: PlanSession; color: string; editable: boolean }): JSX.Element {
  let host: HTMLDivElement | undefined;
  let editor: Editor | undefined;
  const [doc, setDoc] = createSignal<PMNode | undefined>(undefined, { equals: false });
  const [hints, setHints] = createSignal<readonly SectionHint[]>([]);
  const ctx: PlanViewContext = { doc, hints, notify };

  onMount(() => {
    editor = createPlanEditor({
      element: host as HTMLDivElement,
      session: props.session,
      user: { name: displayName() || t('plan.you'), color: props.color },
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
  // A reader or a removed device still reads the plan; typing would only stay on this device.
  createEffect(() => editor?.setEditable(props.editable, false));
  onCleanup(() => editor?.destroy());

  return (
    <div class="plan-body">
      <div ref={(el) => (host = el)} class="plan-editor-host" />
    </div>
  );
}
