import { createEffect, createResource, createSignal, For, lazy, Match, onCleanup, onMount, Show, Switch, type JSX } from 'solid-js';
import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { SECTIONS, type PlanChannel } from '@safeplan/schema/plan';
import type { PlanLibrary, PlanSession, SyncState } from '../sync/session.ts';
import { channelDocOf, createPlanEditor } from '../editor/create-editor.ts';
import { mayWriteChannel } from '../editor/may-write.ts';
import { planDocsOf } from '../editor/plan-json.ts';
import { isChannelDocEmpty } from '../editor/seed.ts';
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
import { createPlanDocsSignal } from './plan-docs-signal.ts';
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
const HINTS_DELAY_MS = 400;
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
      notify(t(w.code === 'set-aside-after-role-change' ? 'sync.warning.setAside' : 'sync.warning'));
    }),
  );
  const ownColor = colorFor(props.session.awareness.clientID);
  // A device that just joined has no plan yet: the editors wait for the first catch-up instead of
  // seeding empty documents of their own and writing them while the real ones stream in. Bounded,
  // so a slow line still gets editors (the seed merges either way, see editor/seed.ts).
  const [editorReady, setEditorReady] = createSignal(justJoined() !== props.session.planId);
  createEffect(() => {
    const st = state();
    if (st.kind === 'synced' || (st.kind === 'attention' && st.connected && st.waiting === 0)) setEditorReady(true);
  });
  const fallback = setTimeout(() => setEditorReady(true), JOIN_CATCH_UP_WAIT_MS);
  onCleanup(() => clearTimeout(fallback));
  createEffect(() => {
    props.session.awareness.setLocalStateField('user', { name: displayName() || t('plan.you'), color: ownColor });
  });
  const mayWrite = (channel: PlanChannel) => mayWriteChannel(members.me().role, members.revoked(), channel);
  const onlyContributes = () => !mayWrite('plan') && mayWrite('contributions');

  // What both editors share: the plan document (item references point into it) and the hints.
  const docs = planDocsOf(props.session);
  const [planDoc, setPlanDoc] = createSignal<PMNode | undefined>(undefined, { equals: false });
  const hints = createPlanDocsSignal<readonly SectionHint[]>(docs, (d) => planHints(d), HINTS_DELAY_MS);
  const ctxFor = (channel: PlanChannel): PlanViewContext => ({ planDoc, hints, notify, myName: () => members.me().displayName || displayName(), editable: () => mayWrite(channel) });

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
      <div class="plan-body">
        <Show when={editorReady()} fallback={<p class="screen">{t('plan.catchingUp')}</p>}>
          <Show when={onlyContributes()}>
            <p class="members-banner" role="status" data-access="contributor">
              <Icon name="device" />
              <span>{t('plan.contributorNotice')}</span>
            </p>
          </Show>
          <ChannelEditor
            session={props.session}
            channel="plan"
            ctx={ctxFor('plan')}
            mayWrite={mayWrite('plan')}
            user={{ name: displayName() || t('plan.you'), color: ownColor }}
            ariaLabel={t('plan.editorLabel')}
            onDoc={setPlanDoc}
          />
          <section class="contributions" aria-labelledby="contributions-title" data-channel="contributions">
            <header class="contributions-head">
              <h2 id="contributions-title">{t('plan.contributionsTitle')}</h2>
              <p>{t('plan.contributionsIntro')}</p>
            </header>
            <ChannelEditor
              session={props.session}
              channel="contributions"
              ctx={ctxFor('contributions')}
              mayWrite={mayWrite('contributions')}
              ariaLabel={t('plan.contributionsEditorLabel')}
            />
          </section>
        </Show>
      </div>
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

interface ChannelEditorProps {
  session: PlanSession;
  channel: PlanChannel;
  ctx: PlanViewContext;
  /** Whether this device may write the channel's document now (it may seed it when empty). */
  mayWrite: boolean;
  user?: { name: string; color: string };
  ariaLabel: string;
  /** The editor's document after every change, for whoever shows or reads it elsewhere. */
  onDoc?: (doc: PMNode) => void;
}

/**
 * One of the plan's documents in its own editor. A device that may not write a document that
 * is still empty (a reader before the first sync) shows that it has not arrived yet: binding an
 * editor would fill it in, and a reader never writes.
 */
function ChannelEditor(props: ChannelEditorProps): JSX.Element {
  const doc = channelDocOf(props.session, props.channel);
  const [hasContent, setHasContent] = createSignal(!isChannelDocEmpty(doc, props.channel));
  const onUpdate = () => setHasContent(!isChannelDocEmpty(doc, props.channel));
  doc.on('update', onUpdate);
  onCleanup(() => doc.off('update', onUpdate));
  // Once shown, an editor stays: its document never empties again.
  const [shown, setShown] = createSignal(false);
  createEffect(() => {
    if (hasContent() || props.mayWrite) setShown(true);
  });
  return (
    <Show when={shown()} fallback={<p class="not-synced" role="status" data-channel={props.channel}>{t('plan.notYetSynced')}</p>}>
      <BoundEditor {...props} />
    </Show>
  );
}

function BoundEditor(props: ChannelEditorProps): JSX.Element {
  let host: HTMLDivElement | undefined;
  let editor: Editor | undefined;
  onMount(() => {
    const e = createPlanEditor({
      channel: props.channel,
      element: host as HTMLDivElement,
      session: props.session,
      user: props.user,
      ctx: props.ctx,
      onFieldTooLong: (max) => notify(t('paste.tooLong', { max }), { tone: 'error' }),
      ariaLabel: props.ariaLabel,
    });
    editor = e;
    props.onDoc?.(e.state.doc);
    e.on('update', () => props.onDoc?.(e.state.doc));
  });
  onCleanup(() => editor?.destroy());
  return <div ref={(el) => (host = el)} class="plan-editor-host" data-channel={props.channel} />;
}
