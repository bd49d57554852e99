import { createSignal, onCleanup, Show, type JSX } from 'solid-js';
import { MAX_PICTURE_CHARS, PICTURE_SRC_PATTERN } from '@safeplan/schema/plan';
import { Icon } from '../app/Icon.tsx';
import { t } from '../app/i18n/index.ts';
import type { SolidNodeViewProps } from '../editor/solid-node-view.ts';
import type { PlanViewContext } from './plan-view-context.ts';
import '../app/network/network-messages.ts';

/** The canvas size in pixels; scaled to fit the screen by CSS, so a stroke lands where the finger is. */
const WIDTH = 800;
const HEIGHT = 600;

/**
 * A drawing made with a finger (or pen, or mouse) for a safety log entry: children may draw what
 * happened (the method). Kept exactly like a picture, as a JPEG data URL inside the encrypted
 * contributions document, so a contributor can add it with their entry.
 */
export function DrawingPad(props: SolidNodeViewProps & { ctx: PlanViewContext }): JSX.Element {
  const src = () => {
    const value: unknown = props.node().attrs.drawing;
    return typeof value === 'string' ? value : undefined;
  };
  const [drawing, setDrawing] = createSignal(false);
  let canvas: HTMLCanvasElement | undefined;
  let last: { x: number; y: number } | null = null;
  let drew = false;

  const ctx2d = () => canvas?.getContext('2d') ?? null;
  const clear = () => {
    const g = ctx2d();
    if (!g) return;
    g.fillStyle = '#fff'; // JPEG has no transparency
    g.fillRect(0, 0, WIDTH, HEIGHT);
    drew = false;
  };
  const point = (e: PointerEvent) => {
    const r = (canvas as HTMLCanvasElement).getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * WIDTH, y: ((e.clientY - r.top) / r.height) * HEIGHT };
  };
  const down = (e: PointerEvent) => {
    e.preventDefault();
    canvas?.setPointerCapture(e.pointerId);
    last = point(e);
    line(last, { x: last.x + 0.1, y: last.y + 0.1 });
  };
  const moveTo = (e: PointerEvent) => {
    if (!last) return;
    const p = point(e);
    line(last, p);
    last = p;
  };
  const up = () => (last = null);
  const line = (a: { x: number; y: number }, b: { x: number; y: number }) => {
    const g = ctx2d();
    if (!g) return;
    g.strokeStyle = '#14232b';
    g.lineWidth = 8;
    g.lineCap = 'round';
    g.lineJoin = 'round';
    g.beginPath();
    g.moveTo(a.x, a.y);
    g.lineTo(b.x, b.y);
    g.stroke();
    drew = true;
  };
  const save = () => {
    if (!canvas || !drew) return setDrawing(false);
    const url = canvas.toDataURL('image/jpeg', 0.8);
    if (url.length > MAX_PICTURE_CHARS || !PICTURE_SRC_PATTERN.test(url)) return props.ctx.notify(t('network.drawing.tooBig'), { tone: 'error' });
    props.updateAttrs({ drawing: url });
    setDrawing(false);
  };
  onCleanup(() => (last = null));
  return (
    <div class="log-drawing" contentEditable={false}>
      <Show when={!drawing() && src()}>{(url) => <img src={url()} alt={t('network.drawing.alt')} data-testid="log-drawing" />}</Show>
      <Show when={props.ctx.editable()}>
        <Show
          when={drawing()}
          fallback={
            <div class="picture-actions">
              <button type="button" onClick={() => setDrawing(true)}>
                <Icon name="image" />
                <span>{t('network.drawing.start')}</span>
              </button>
              <Show when={src()}>
                <button type="button" class="quiet" onClick={() => props.updateAttrs({ drawing: null })}>
                  <Icon name="trash" />
                  <span>{t('network.drawing.remove')}</span>
                </button>
              </Show>
            </div>
          }
        >
          <div class="drawing-pad">
            <canvas
              ref={(el) => {
                canvas = el;
                queueMicrotask(clear);
              }}
              width={WIDTH}
              height={HEIGHT}
              role="img"
              aria-label={t('network.drawing.label')}
              onPointerDown={down}
              onPointerMove={moveTo}
              onPointerUp={up}
              onPointerCancel={up}
            />
            <div class="actions">
              <button type="button" class="primary" onClick={save}>
                <Icon name="check" />
                <span>{t('network.drawing.save')}</span>
              </button>
              <button type="button" onClick={clear}>
                <span>{t('network.drawing.clear')}</span>
              </button>
              <button type="button" class="quiet" onClick={() => setDrawing(false)}>
                <span>{t('network.drawing.cancel')}</span>
              </button>
            </div>
          </div>
        </Show>
      </Show>
    </div>
  );
}
