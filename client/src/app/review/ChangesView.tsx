import { createMemo, createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import { SECTIONS } from '@safeplan/schema/plan';
import type { SectionKey } from '@safeplan/schema/plan';
import {
  addChangeComment,
  changeAuthors,
  changesSince,
  CommentError,
  commentsOnItem,
  markReviewed,
  reviewMarkOf,
} from '../../review/index.ts';
import type { Author, ItemChanges, SectionChanges, TextRun } from '../../review/index.ts';
import type { PlanSession, PersonView } from '../../sync/session.ts';
import { planDocsOf } from '../../editor/plan-json.ts';
import { sectionTitle } from '../../sections/labels.ts';
import { t } from '../i18n/index.ts';
import { notify } from '../notices.ts';
import { docTick } from './doc-tick.ts';
import { formatTime } from './format-time.ts';
import type { OwnChangeUndo } from './own-change-undo.ts';
import { attrName, attrValueText, fieldName, itemName } from './plan-labels.ts';
import { authorColor, shownName } from './review-people.ts';
import { mayContribute } from './review-rights.ts';
import './register-messages.ts';

interface Ctx {
  /** The contributions document, where replies live. */
  contributions: PlanSession['contributions'];
  me: () => string;
  canWrite: () => boolean;
  nameOf: (member: string | null) => string;
}

/**
 * "Wijzigingen": what changed in the plan (both documents) since MY last review, per section, with
 * each insertion and deletion in its author's colour, their name and the time. "Gezien" stores a
 * new review mark in the (synced) contributions document, so the list starts empty again on all my
 * devices. Owners, editors and contributors mark and reply; a reader only looks.
 */
export function ChangesView(props: { session: PlanSession; people: readonly PersonView[]; undo: OwnChangeUndo }): JSX.Element {
  const docs = planDocsOf(props.session);
  const m = props.session.membership;
  const tick = docTick(docs);
  const [me, setMe] = createSignal(m.me());
  onCleanup(m.onChange(() => setMe(m.me())));
  const [person, setPerson] = createSignal('');
  const [section, setSection] = createSignal('');
  const mark = createMemo(() => (tick(), reviewMarkOf(docs.contributions, me().personId)));
  const all = createMemo(() => (tick(), changesSince(docs, mark()?.snapshots ?? null)));
  const shown = createMemo((): SectionChanges[] => {
    const filter: { members?: string[]; sections?: SectionKey[] } = {};
    if (person()) filter.members = [person()];
    if (section()) filter.sections = [section() as SectionKey];
    if (!filter.members && !filter.sections) return all();
    return (tick(), changesSince(docs, mark()?.snapshots ?? null, filter));
  });
  const nameOf = (member: string | null): string => {
    if (!member) return t('review.unknownPerson');
    const name = shownName(props.people, member);
    return member === me().personId ? `${name} (${t('reviewApp.you')})` : name;
  };
  const canWrite = () => mayContribute(me().role);
  const ctx: Ctx = { contributions: docs.contributions, me: () => me().personId, canWrite, nameOf };
  const seen = () => {
    markReviewed(docs, me().personId);
    setPerson('');
    notify(t('reviewApp.seen.done'));
  };

  return (
    <section class="rv-changes" aria-labelledby="rv-changes-title">
      <h2 id="rv-changes-title" class="rv-since">
        {mark() ? t('reviewApp.since', { time: formatTime(mark()?.at ?? null) }) : t('reviewApp.sinceNever')}
      </h2>
      <div class="rv-filters">
        <label>
          <span class="field-label">{t('review.filter.person')}</span>
          <select onChange={(e) => setPerson(e.currentTarget.value)}>
            <option value="" selected={person() === ''}>{t('review.filter.everyone')}</option>
            <For each={changeAuthors(all())}>{(id) => <option value={id} selected={person() === id}>{nameOf(id)}</option>}</For>
          </select>
        </label>
        <label>
          <span class="field-label">{t('review.filter.section')}</span>
          <select onChange={(e) => setSection(e.currentTarget.value)}>
            <option value="" selected={section() === ''}>{t('review.filter.allParts')}</option>
            <For each={SECTIONS}>{(s) => <option value={s.key} selected={section() === s.key}>{sectionTitle(s.key)}</option>}</For>
          </select>
        </label>
        <button type="button" class="primary rv-seen" disabled={!canWrite() || all().length === 0} onClick={seen}>
          {t('reviewApp.seen')}
        </button>
      </div>
      <Show when={!canWrite()}>
        <p class="help-text">{t('reviewApp.readOnly')}</p>
      </Show>
      <Show when={shown().length > 0} fallback={<p class="rv-nothing">{t('reviewApp.nothing')}</p>}>
        <For each={shown()}>
          {(s) => (
            <section class="rv-section" data-section={s.section}>
              <h3>{sectionTitle(s.section)}</h3>
              <For each={s.items}>{(item) => <ChangedItem ctx={ctx} section={s.section} item={item} tick={tick} />}</For>
            </section>
          )}
        </For>
      </Show>
      <Show when={canWrite()}>
        <div class="rv-undo">
          <button type="button" disabled={props.undo.count() === 0} onClick={() => props.undo.undo()}>
            {t('review.undo')}
          </button>
          <p class="help-text">{t('reviewApp.undo.help')}</p>
        </div>
      </Show>
    </section>
  );
}

/** Everyone with a change in this item, latest time each, for the author line and the reply buttons. */
function itemAuthors(item: ItemChanges): Author[] {
  const latest = new Map<string, Author>();
  const add = (by: Author | null | undefined) => {
    if (!by?.member) return;
    const known = latest.get(by.member);
    if (!known || (by.at ?? 0) > (known.at ?? 0)) latest.set(by.member, by);
  };
  add(item.by);
  for (const a of item.attrs) add(a.by);
  for (const f of item.fields) for (const r of f.runs) add(r.by);
  return [...latest.values()];
}

function ChangedItem(props: { ctx: Ctx; section: SectionKey; item: ItemChanges; tick: () => number }): JSX.Element {
  const status = () =>
    props.item.status === 'added' ? t('reviewApp.diff.added') : props.item.status === 'removed' ? t('reviewApp.diff.removed') : t('reviewApp.diff.changed');
  const comments = createMemo(() => (props.tick(), commentsOnItem(props.ctx.contributions, props.section, props.item.itemId)));
  return (
    <article class="rv-item" data-status={props.item.status}>
      <p class="rv-item-head">
        <span class={`rv-status rv-status-${props.item.status}`}>{status()}</span> {itemName(props.item.itemType)}
      </p>
      <For each={props.item.fields}>
        {(f) => (
          <div class="rv-field">
            <span class="rv-field-name">{fieldName(props.item.itemType, f.field)}</span>
            <p class="rv-text">
              <For each={f.runs}>{(run) => <Run run={run} nameOf={props.ctx.nameOf} />}</For>
            </p>
          </div>
        )}
      </For>
      <For each={props.item.attrs}>
        {(a) => (
          <p class="rv-attr" style={{ '--author': authorColor(a.by.member) }}>
            {attrName(props.item.itemType, a.attr)}:{' '}
            {t('review.attrChanged', {
              name: props.ctx.nameOf(a.by.member),
              before: attrValueText(props.item.itemType, a.attr, a.before),
              after: attrValueText(props.item.itemType, a.attr, a.after),
            })}
          </p>
        )}
      </For>
      <ul class="rv-authors">
        <For each={itemAuthors(props.item)}>
          {(by) => (
            <li class="rv-author" style={{ '--author': authorColor(by.member) }}>
              <span class="rv-dot" aria-hidden="true" />
              <span class="rv-author-name">{t('reviewApp.by', { name: props.ctx.nameOf(by.member), time: formatTime(by.at) })}</span>
              <Show when={by.member !== props.ctx.me() && props.ctx.canWrite()}>
                <CommentForm ctx={props.ctx} section={props.section} item={props.item} about={by} />
              </Show>
            </li>
          )}
        </For>
      </ul>
      <For each={comments()}>
        {(c) => <p class="rv-comment">{t('reviewApp.forMe.line', { name: props.ctx.nameOf(c.author), section: sectionTitle(c.section), text: c.text })}</p>}
      </For>
    </article>
  );
}

function Run(props: { run: TextRun; nameOf: (m: string | null) => string }): JSX.Element {
  const who = () => props.nameOf(props.run.by?.member ?? null);
  const when = () => formatTime(props.run.by?.at ?? null);
  const style = () => ({ '--author': authorColor(props.run.by?.member ?? null) });
  if (props.run.kind === 'same') return <span>{props.run.text}</span>;
  const text = () => props.run.text || t('reviewApp.lost', { count: props.run.lost ?? 0 });
  return props.run.kind === 'inserted' ? (
    <ins class="rv-ins" style={style()} title={t('review.inserted', { name: who(), time: when() })} data-author={who()}>
      {text()}
    </ins>
  ) : (
    <del class="rv-del" style={style()} title={t('review.deleted', { name: who(), time: when() })} data-author={who()}>
      {text()}
    </del>
  );
}

function CommentForm(props: { ctx: Ctx; section: SectionKey; item: ItemChanges; about: Author }): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const [text, setText] = createSignal('');
  /** The message key of the problem ('' none): worded when shown, so it follows a language switch. */
  const [problem, setProblem] = createSignal('');
  const name = () => props.ctx.nameOf(props.about.member);
  const send = (e: SubmitEvent) => {
    e.preventDefault();
    try {
      addChangeComment(props.ctx.contributions, {
        author: props.ctx.me(),
        about: props.about.member ?? '',
        section: props.section,
        itemId: props.item.itemId,
        field: null,
        changeAt: props.about.at,
        text: text(),
      });
      setText('');
      setProblem('');
      setOpen(false);
      notify(t('reviewApp.comment.sent', { name: name() }));
    } catch (err) {
      // The text stays in the box: nothing typed is lost when the comment is refused.
      if (err instanceof CommentError) setProblem(`review.comment.${err.problem}`);
      else throw err;
    }
  };
  return (
    <Show when={open()} fallback={<button type="button" class="quiet rv-reply" onClick={() => setOpen(true)}>{t('review.comment.add')}</button>}>
      <form class="rv-comment-form" onSubmit={send}>
        <textarea
          aria-label={t('reviewApp.comment.placeholder', { name: name() })}
          placeholder={t('reviewApp.comment.placeholder', { name: name() })}
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <Show when={problem()}>
          <p class="error-text" role="alert">{t(problem())}</p>
        </Show>
        <button type="submit" class="primary">{t('reviewApp.comment.send')}</button>
      </form>
    </Show>
  );
}
