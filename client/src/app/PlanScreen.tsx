import { createEffect, createResource, createSignal, Match, onCleanup, onMount, Show, Switch, type JSX } from 'solid-js';
import { lazyPart } from './lazy-part.tsx';
import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { PlanChannel } from '@safeplan/schema/plan';
import type { PlanLibrary, PlanSession, SyncState } from '../sync/session.ts';
import { channelDocOf, createPlanEditor } from '../editor/create-editor.ts';
import { mayWriteChannel } from '../editor/may-write.ts';
import { planDocsOf } from '../editor/plan-json.ts';
import { isChannelDocEmpty } from '../review/plan-seed.ts';
import type { PlanViewContext, SectionHint } from '../sections/plan-view-context.ts';
import { displayName } from './display-name.ts';
import { Icon } from './Icon.tsx';
import { hasMessage, t } from './i18n/index.ts';
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
import { SectionNav } from './plan-nav/SectionNav.tsx';
import { createSectionFocus, OneSectionStyle, SectionPager } from './plan-nav/one-section-at-a-time.tsx';
import { EditTools } from './plan-nav/EditTools.tsx';
import { trackStickyHeight } from './plan-nav/sticky-height.ts';
import { GlossaryButton, GlossaryDialog } from './glossary/TermHelp.tsx';
import { usePlanTitle } from './plan-title-signal.ts';
import { ReadOnlyWhy } from './ReadOnlyWhy.tsx';
import { PlanPhaseTrack } from './plan-time/plan-track.tsx';
import { planModelSignal } from './plan-time/plan-model-signal.ts';
import { addNetworkPerson, PlanOverview, planMeeting } from './network/PlanOverview.tsx';
import { inBackground } from './in-background.ts';

/** The plan screen: every section in the method's order, a section navigation and the sync state. */
export default function PlanScreen(props: { library: PlanLibrary; planId: string; onHome: (e: MouseEvent) => void }): JSX.Element {
  const [session, { refetch }] = createResource(() => props.planId, (id) => sessionFor(props.library, id));
  const [title] = createResource(async () => (await props.library.list()).find((p) => p.planId === props.planId)?.title ?? '');
  return (
    <Switch fallback={<p class="screen">{t('plan.loading')}</p>}>
      <Match when={session.error as unknown}>
        <StorageErrorScreen error={session.error} onRetry={inBackground('open plan', async () => refetch())} />
      </Match>
      {/* Wait for this device's copy of the name too, so the header never flashes "Gedeeld veiligheidsplan". */}
      <Match when={!title.loading && session()}>
        {(s) => {
          const planTitle = usePlanTitle(s().doc, () => title() ?? '');
          return <PlanBody library={props.library} session={s()} title={planTitle() || t('plan.untitled')} onHome={props.onHome} />;
        }}
      </Match>
    </Switch>
  );
}

const JOIN_CATCH_UP_WAIT_MS = 10_000;
const HINTS_DELAY_MS = 400;
/** Review (changes, versions, print) loads on its own, after the plan screen is up. */
const ReviewBar = lazyPart(() => import('./review/ReviewBar.tsx'));
/** The safety scale over time loads on its own too, with the scores section. */
const ScaleOverTime = lazyPart(() => import('./plan-time/ScaleOverTime.tsx'));

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
      const key = w.code === 'set-aside-after-role-change' ? 'sync.warning.setAside' : `sync.warning.${w.code}`;
      // Who it concerns, by the name they gave (the warning carries only ids).
      const person = w.concerns?.personId ? props.session.membership.people().find((p) => p.personId === w.concerns?.personId) : undefined;
      notify(hasMessage(key) ? t(key, { name: person?.displayName || t('sync.someone') }) : t('sync.warning'));
    }),
  );
  const ownColor = colorFor(props.session.awareness.clientID);
  // A device that just joined has no plan yet: the editors wait for the first catch-up instead of
  // seeding empty documents of their own and writing them while the real ones stream in. Bounded,
  // so a slow line still gets editors (the seed merges either way, see review/plan-seed.ts).
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
  const [planChannel, setPlanChannel] = createSignal<HTMLElement>();

  // What both editors share: the plan document (item references point into it) and the hints.
  const docs = planDocsOf(props.session);
  const [planDoc, setPlanDoc] = createSignal<PMNode | undefined>(undefined, { equals: false });
  const hints = createPlanDocsSignal<readonly SectionHint[]>(docs, (d) => planHints(d), HINTS_DELAY_MS);
  // The full plan as a model, read once after each pause in typing, for the phase track, the scale
  // chart and the overview (what is due, who to call, circles, the child's view).
  const model = planModelSignal(docs);
  const sectionExtra = (key: string) =>
    key === 'safetyScale' ? <ScaleOverTime session={props.session} docs={docs} model={model} people={members.people} /> : undefined;
  const ctxFor = (channel: PlanChannel): PlanViewContext => ({
    planDoc,
    hints,
    notify,
    myName: () => members.me().displayName || displayName(),
    editable: () => mayWrite(channel),
    sectionExtra,
  });
  // The section on screen (phones: one at a time) and the editor the on-screen undo works on.
  const focus = createSectionFocus();
  const [activeEditor, setActiveEditor] = createSignal<Editor | undefined>(undefined);
  // The plan document's editor: the phase track writes its decisions and the safety circles
  // change a person's circle through it.
  const [planEditor, setPlanEditor] = createSignal<Editor | undefined>(undefined);
  const useEditor = (e: Editor) => {
    if (!activeEditor()) setActiveEditor(e);
    e.on('focus', () => setActiveEditor(e));
  };
  trackStickyHeight();
  // Arriving from "Plan maken" or "Meedoen" the pressed button is gone and the focus with it: it
  // goes to the plan's name, so a keyboard or screen reader user hears where they are. Focus that
  // is somewhere on purpose is left alone.
  let titleHeading: HTMLHeadingElement | undefined;
  onMount(() => {
    const active = document.activeElement;
    if (!active || active === document.body) titleHeading?.focus();
  });

  const overview = () => (
    <PlanOverview session={props.session} model={model} planEditor={planEditor} mayWritePlan={() => mayWrite('plan')} isOwner={() => members.me().role === 'owner'} onPlanMeeting={() => planMeeting(focus)} onAddNetworkPerson={() => addNetworkPerson(focus)} />
  );

  return (
    <div class="plan-screen">
      <div class="plan-head">
        <a class="back" href="#/" onClick={(e) => props.onHome(e)}>
          <Icon name="back" />
          <span>{t('plan.back')}</span>
        </a>
        <h1 class="plan-title" tabindex="-1" ref={(el) => (titleHeading = el)}>
          <span class="plan-title-text">{props.title}</span>
        </h1>
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
        <JoinedCodeCard
          session={props.session}
          onDone={() => {
            // The card and its button go: the focus goes back to the plan's name, not the top of the page.
            setJustJoined(undefined);
            titleHeading?.focus();
          }}
        />
      </Show>
      <Show when={sharing()}>
        <SharePanel library={props.library} session={props.session} onClose={() => setSharing(false)} />
      </Show>
      <PlanPhaseTrack
        model={model}
        members={members}
        planEditor={planEditor}
        myName={() => members.me().displayName || displayName()}
        onOpenHandover={() => setShowMembers(true)}
      />
      <SectionNav oneAtATime={focus.oneAtATime()} current={focus.current()} onOpen={focus.open}>
        <EditTools editor={activeEditor} />
      </SectionNav>
      <OneSectionStyle focus={focus} />
      <div class="plan-body" data-one-section={focus.oneAtATime() ? focus.current() : undefined}>
        <Show when={editorReady()} fallback={<p class="screen">{t('plan.catchingUp')}</p>}>
          <Show when={onlyContributes()}>
            <p class="members-banner" role="status" data-access="contributor">
              <Icon name="device" />
              <span>{t('plan.contributorNotice')}</span>
            </p>
          </Show>
          <Show when={!focus.oneAtATime()}>{overview()}</Show>
          <div class="plan-channel" ref={setPlanChannel}>
            <ChannelEditor
              session={props.session}
              channel="plan"
              ctx={ctxFor('plan')}
              mayWrite={mayWrite('plan')}
              user={{ name: displayName() || t('plan.you'), color: ownColor }}
              ariaLabel={t('plan.editorLabel')}
              onDoc={setPlanDoc}
              onEditor={(e) => {
                useEditor(e);
                setPlanEditor(e);
              }}
            />
            <ReadOnlyWhy
              container={planChannel}
              active={!mayWrite('plan') && !members.revoked()}
              reason={members.me().role === 'contributor' ? t('roles.readOnlyField') : t('roles.readOnlyFieldReader')}
            />
          </div>
          {/* On a phone the first screen is for writing: what is due and who to call come after the
              plan's first section (the call numbers stay in the bar at the top all the time). */}
          <Show when={focus.oneAtATime() && focus.current() === 'header'}>{overview()}</Show>
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
              onEditor={useEditor}
            />
          </section>
          <SectionPager focus={focus}>
            <GlossaryButton />
          </SectionPager>
          <GlossaryDialog />
        </Show>
      </div>
    </div>
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
  /** The editor once it is there (for the on-screen undo and redo). */
  onEditor?: (editor: Editor) => void;
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
    props.onEditor?.(e);
  });
  // The editor's name for screen readers follows a language switch (it was set once, at creation).
  createEffect(() => {
    const label = props.ariaLabel;
    if (!editor || editor.isDestroyed) return;
    const attributes = { ...(editor.options.editorProps.attributes as Record<string, string>), 'aria-label': label };
    editor.setOptions({ editorProps: { ...editor.options.editorProps, attributes } });
  });
  onCleanup(() => editor?.destroy());
  return <div ref={(el) => (host = el)} class="plan-editor-host" data-channel={props.channel} />;
}
