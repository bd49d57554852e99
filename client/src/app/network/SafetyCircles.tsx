import { createEffect, createMemo, createSignal, For, Index, Show, type Accessor, type JSX } from 'solid-js';
import type { Editor } from '@tiptap/core';
import { itemsOf, type PlanModel } from '@safeplan/schema/plan';
import { t } from '../i18n/index.ts';
import { Icon } from '../Icon.tsx';
import { notify } from '../notices.ts';
import { CHILD_R, circleAt, placeInCircle, RADII, UNSET_Y, VIEW, type Circle } from './circle-layout.ts';
import { setItemAttrs } from './plan-items.ts';
import './network-messages.ts';

const CIRCLES: readonly Circle[] = ['all', 'part', 'none'];

interface PersonDot {
  id: string;
  name: string;
  circle: Circle | null;
  safety: boolean;
  safetyFor: string | null; // a young person's name, '' for all of them, null when not a safety person
}

function peopleOf(model: PlanModel): PersonDot[] {
  const young = new Map(itemsOf(model, 'young_person').map((y) => [String(y.id), (y.fields.name ?? '').trim()]));
  return itemsOf(model, 'person')
    .filter((p) => typeof p.id === 'string')
    .map((p) => {
      const c = p.attrs.circle;
      const safety = p.attrs.isSafetyPerson === true;
      const forId = typeof p.attrs.safetyPersonFor === 'string' ? p.attrs.safetyPersonFor : null;
      return {
        id: String(p.id),
        name: (p.fields.name ?? '').trim() || '?',
        circle: c === 'all' || c === 'part' || c === 'none' ? c : null,
        safety,
        safetyFor: safety ? (forId ? (young.get(forId) ?? '') : '') : null,
      };
    });
}

const circleWord = (c: Circle | null) => t(c ? `network.circles.${c}` : 'network.circles.unset');

/**
 * The network as circles around the children. On a tablet a name is dragged to another circle
 * (pointer events, so finger, pen and mouse alike); the list below does the same with a choice per
 * person, for keyboards, screen readers and anyone who prefers it. Both write the person's
 * `circle` through the plan editor, so the change syncs and merges like any edit.
 */
export default function SafetyCircles(props: {
  model: Accessor<PlanModel | null>;
  editor: Accessor<Editor | undefined>;
  editable: Accessor<boolean>;
  onClose: () => void;
  /** Opens "Netwerk" with a new person in it: the way on when there is nobody to place yet. */
  onAddPerson: () => void;
}): JSX.Element {
  const people = createMemo(() => {
    const m = props.model();
    return m ? peopleOf(m) : [];
  });
  const children = createMemo(() => {
    const m = props.model();
    return m ? itemsOf(m, 'young_person').map((y) => (y.fields.name ?? '').trim()).filter(Boolean) : [];
  });
  // Optimistic: the dot stays where it was dropped until the plan moves on from what it said at
  // the drop (to the dropped circle, or to whatever someone else chose meanwhile): then the plan is the truth.
  const [pending, setPending] = createSignal<Record<string, { to: Circle | null; was: Circle | null }>>({});
  createEffect(() => {
    const byId = new Map(people().map((p) => [p.id, p.circle]));
    setPending((prev) => {
      const left = Object.entries(prev).filter(([id, m]) => byId.has(id) && byId.get(id) === m.was);
      return left.length === Object.keys(prev).length ? prev : Object.fromEntries(left);
    });
  });
  const circleOf = (p: PersonDot) => pending()[p.id]?.to ?? (p.id in pending() ? null : p.circle);
  const positions = createMemo(() => {
    const groups = new Map<Circle | null, PersonDot[]>();
    for (const p of people()) groups.set(circleOf(p), [...(groups.get(circleOf(p)) ?? []), p]);
    const out = new Map<string, { x: number; y: number }>();
    for (const [circle, list] of groups) list.forEach((p, i) => out.set(p.id, placeInCircle(circle, i, list.length)));
    return out;
  });
  const [drag, setDrag] = createSignal<{ id: string; x: number; y: number } | null>(null);
  let svg: SVGSVGElement | undefined;

  const move = (p: PersonDot, circle: Circle | null) => {
    const editor = props.editor();
    if (!editor || !props.editable()) return;
    setPending((m) => ({ ...m, [p.id]: { to: circle, was: p.circle } }));
    if (setItemAttrs(editor, p.id, { circle })) notify(t('network.circles.moved', { name: p.name, circle: circleWord(circle) }));
  };
  const toView = (e: PointerEvent) => {
    const ctm = svg?.getScreenCTM();
    if (!svg || !ctm) return null;
    const pt = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    return { x: pt.x, y: pt.y };
  };
  const onDown = (p: PersonDot, e: PointerEvent) => {
    if (!props.editable()) return;
    e.preventDefault();
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    const at = toView(e);
    if (at) setDrag({ id: p.id, ...at });
  };
  const onMove = (e: PointerEvent) => {
    const d = drag();
    const at = d && toView(e);
    if (d && at) setDrag({ id: d.id, ...at });
  };
  const onUp = (p: PersonDot, e: PointerEvent) => {
    const d = drag();
    setDrag(null);
    if (!d || d.id !== p.id) return;
    const at = toView(e) ?? d;
    const target = circleAt(at.x, at.y);
    if (target !== circleOf(p)) move(p, target);
  };
  const where = (p: PersonDot) => {
    const d = drag();
    return d?.id === p.id ? d : (positions().get(p.id) ?? { x: 0, y: 0 });
  };
  const summary = () => CIRCLES.map((c) => `${circleWord(c)}: ${people().filter((p) => circleOf(p) === c).map((p) => p.name).join(', ') || '—'}`).join('. ');

  return (
    <section class="card safety-circles" aria-labelledby="circles-title" data-testid="safety-circles">
      <div class="panel-head">
        <h2 id="circles-title">{t('network.circles.title')}</h2>
        <button type="button" class="quiet" onClick={() => props.onClose()}>
          {t('network.close')}
        </button>
      </div>
      <p class="help-text">{t('network.circles.help')}</p>
      <Show when={!props.editable()}>
        <p class="help-text">{t('network.circles.readOnly')}</p>
      </Show>
      <Show
        when={people().length > 0}
        fallback={
          <>
            <p>{t('network.circles.empty')}</p>
            <Show when={props.editable()}>
              <div class="actions">
                <button type="button" class="primary" onClick={() => props.onAddPerson()}>
                  <Icon name="plus" />
                  <span>{t('network.circles.addPerson')}</span>
                </button>
              </div>
            </Show>
          </>
        }
      >
        <svg
          ref={(el) => (svg = el)}
          class="circles-svg"
          viewBox={`0 0 ${VIEW.width} ${VIEW.height}`}
          role="img"
          aria-label={summary()}
          onPointerMove={onMove}
        >
          <For each={[...CIRCLES].reverse()}>
            {(c) => <circle class={`ring ring-${c}`} cx={VIEW.cx} cy={VIEW.cy} r={RADII[c]} data-circle={c} />}
          </For>
          <For each={CIRCLES}>
            {(c) => (
              <text class="ring-label" x={VIEW.cx} y={VIEW.cy - RADII[c] + 14} text-anchor="middle">
                {circleWord(c)}
              </text>
            )}
          </For>
          <circle class="ring-child" cx={VIEW.cx} cy={VIEW.cy} r={CHILD_R} />
          <text class="child-label" x={VIEW.cx} y={VIEW.cy + 4} text-anchor="middle">
            {children().join(', ') || t('network.circles.child')}
          </text>
          <text class="ring-label" x={VIEW.width / 2} y={UNSET_Y - 22} text-anchor="middle">
            {circleWord(null)}
          </text>
          <Index each={people()}>
            {(p) => (
              <g
                class="person-dot"
                classList={{ safety: p().safety, dragging: drag()?.id === p().id }}
                transform={`translate(${where(p()).x} ${where(p()).y})`}
                data-person={p().name}
                data-circle={circleOf(p()) ?? 'unset'}
                onPointerDown={(e) => onDown(p(), e)}
                onPointerUp={(e) => onUp(p(), e)}
                onPointerCancel={() => setDrag(null)}
              >
                <circle r="19" />
                <text class="dot-initial" y="5" text-anchor="middle">
                  {p().safety ? '★' : p().name.slice(0, 1).toUpperCase()}
                </text>
                <text class="dot-name" y="35" text-anchor="middle">
                  {p().name}
                </text>
              </g>
            )}
          </Index>
        </svg>
        <h3>{t('network.circles.list')}</h3>
        <ul class="circle-list">
          <For each={people()}>
            {(p) => (
              <li data-person={p.name}>
                <label class="field-label" for={`circle-of-${p.id}`}>
                  {p.name}
                  <Show when={p.safetyFor !== null}>
                    {' '}
                    <span class="safety-badge">★ {p.safetyFor ? t('network.circles.safetyPersonFor', { name: p.safetyFor }) : t('network.circles.safetyPerson')}</span>
                  </Show>
                </label>
                <select
                  id={`circle-of-${p.id}`}
                  disabled={!props.editable()}
                  value={circleOf(p) ?? ''}
                  onChange={(e) => move(p, (e.currentTarget.value || null) as Circle | null)}
                >
                  <option value="">{circleWord(null)}</option>
                  <For each={CIRCLES}>{(c) => <option value={c}>{circleWord(c)}</option>}</For>
                </select>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
