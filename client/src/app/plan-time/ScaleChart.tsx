import { createSignal, For, onCleanup, onMount, Show, type JSX } from 'solid-js';
import { DIRECT_SAFETY_SCORE, STABLE_SAFETY_SCORE } from '@safeplan/schema/rules';
import { lang, t } from '../i18n/index.ts';
import { formatDay } from '../review/format-time.ts';
import { dayNumber, onScale, scaleTop, scoreText, type MarkerShape, type ScaleKind, type ScoreLine, type ScorePoint, type StatementChart, type TimeMark } from './scale-series.ts';
import './plan-time-messages.ts';
import './plan-time.css';

const HEIGHT = 260;
const PAD = { left: 34, right: 14, top: 26, bottom: 34 };
const PRINT_WIDTH = 640;

/** A marker at (x, y): the line's own shape, so a person is found by shape as well as colour. */
export function Marker(props: { shape: MarkerShape; x: number; y: number; color: string; size?: number }): JSX.Element {
  const s = () => props.size ?? 5.5;
  const path = () => {
    const { x, y } = props;
    const r = s();
    switch (props.shape) {
      case 'square':
        return `M${x - r} ${y - r}h${2 * r}v${2 * r}h${-2 * r}Z`;
      case 'triangle':
        return `M${x} ${y - r - 1}L${x + r + 1} ${y + r}L${x - r - 1} ${y + r}Z`;
      case 'diamond':
        return `M${x} ${y - r - 1}L${x + r + 1} ${y}L${x} ${y + r + 1}L${x - r - 1} ${y}Z`;
      case 'cross':
        return `M${x - r} ${y - r}L${x + r} ${y + r}M${x + r} ${y - r}L${x - r} ${y + r}`;
      case 'plus':
        return `M${x - r - 1} ${y}H${x + r + 1}M${x} ${y - r - 1}V${y + r + 1}`;
      case 'circle':
        return `M${x - r} ${y}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
    }
  };
  const open = () => props.shape === 'cross' || props.shape === 'plus';
  return <path d={path()} fill={open() ? 'none' : props.color} stroke={props.color} stroke-width={open() ? 3 : 1.5} />;
}

function monthTicks(from: number, to: number, maxTicks: number): { day: number; label: string }[] {
  const start = new Date(from * 86_400_000);
  const months: Date[] = [];
  for (let d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)); d.getTime() / 86_400_000 <= to; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
    months.push(d);
  }
  const step = Math.max(1, Math.ceil(months.length / Math.max(1, maxTicks)));
  const fmt = new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'nl-NL', { month: 'short', timeZone: 'UTC' });
  return months
    .filter((_, i) => i % step === 0)
    .map((d, i) => ({
      day: d.getTime() / 86_400_000,
      label: `${fmt.format(d).replace('.', '')}${i === 0 || d.getUTCMonth() === 0 ? ` '${String(d.getUTCFullYear()).slice(2)}` : ''}`,
    }));
}

export interface ScaleChartProps {
  chart: StatementChart;
  scale: ScaleKind;
  marks: readonly TimeMark[];
  /** Print: a fixed width, no tapping, the table always shown. */
  print?: boolean;
}

/**
 * One danger statement's scores over time: a line per person, the method's anchor lines (6:
 * direct safety, 7: stable safety), evaluations and fixed versions on the time axis, and the same
 * numbers as a table. Tapping (or Enter on) a point shows that score's reason.
 */
export function ScaleChart(props: ScaleChartProps): JSX.Element {
  const [width, setWidth] = createSignal(props.print ? PRINT_WIDTH : 600);
  const [chosen, setChosen] = createSignal<{ line: ScoreLine; point: ScorePoint } | null>(null);
  let host: HTMLDivElement | undefined;
  onMount(() => {
    if (props.print || !host || typeof ResizeObserver === 'undefined') return;
    // Real pixels, not a scaled picture: the words stay readable on a phone.
    const observer = new ResizeObserver(() => {
      const w = host?.clientWidth ?? 0;
      // Hidden (another section on a phone) keeps the last width; small changes are not worth a redraw.
      if (w > 0 && Math.abs(w - width()) >= 2) setWidth(Math.max(280, Math.round(w)));
    });
    observer.observe(host);
    onCleanup(() => observer.disconnect());
  });
  const days = () => [...props.chart.lines.flatMap((l) => l.points.map((p) => dayNumber(p.date))), ...props.marks.map((m) => dayNumber(m.date))];
  const domain = () => {
    const all = days();
    let from = Math.min(...all);
    let to = Math.max(...all);
    if (to - from < 30) {
      from -= 15;
      to += 15;
    }
    const pad = (to - from) * 0.04;
    return { from: from - pad, to: to + pad };
  };
  const top = () => scaleTop(props.scale);
  const x = (day: number) => PAD.left + ((day - domain().from) / (domain().to - domain().from)) * (width() - PAD.left - PAD.right);
  const y = (score: number) => PAD.top + (1 - onScale(score, props.scale) / top()) * (HEIGHT - PAD.top - PAD.bottom);
  const yTicks = () => Array.from({ length: top() + 1 }, (_, i) => i).filter((i) => top() <= 8 || i % 2 === 0);
  const pointLabel = (line: ScoreLine, p: ScorePoint) => t('scaleChart.point', { who: line.who || t('scaleChart.someone'), date: formatDay(p.date), score: scoreText(p.score, props.scale) });
  const choose = (line: ScoreLine, point: ScorePoint) => setChosen((c) => (c?.point.id === point.id ? null : { line, point }));
  const titleId = `scale-chart-${props.chart.statementId}${props.print ? '-print' : ''}`;
  const rows = () =>
    props.chart.lines
      .flatMap((line) => line.points.map((p) => ({ line, p })))
      .sort((a, b) => a.p.date.localeCompare(b.p.date) || a.line.who.localeCompare(b.line.who));
  const marksText = () =>
    props.marks
      .map((m) => `${m.kind === 'version' ? t('scaleChart.mark.version', { n: m.n ?? '' }) : t('scaleChart.mark.evaluation')} (${formatDay(m.date)})`)
      .join(', ');

  const table = () => (
    <table class="scale-table" data-statement={props.chart.statementId}>
      <caption>{t('scaleChart.tableCaption', { statement: props.chart.label || t('scaleChart.noText') })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('scaleChart.col.date')}</th>
          <th scope="col">{t('scaleChart.col.who')}</th>
          <th scope="col">{t('scaleChart.col.score')}</th>
          <th scope="col">{t('scaleChart.col.reason')}</th>
        </tr>
      </thead>
      <tbody>
        <For each={rows()}>
          {(r) => (
            <tr data-who={r.line.who} data-score={r.p.score} data-date={r.p.date}>
              <td>{formatDay(r.p.date)}</td>
              <th scope="row">{r.line.who || t('scaleChart.someone')}</th>
              <td>{scoreText(r.p.score, props.scale)}</td>
              <td>{r.p.reason || t('scaleChart.noReason')}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );

  return (
    <figure class="scale-chart" classList={{ 'scale-chart-print': props.print === true }} data-statement={props.chart.statementId} data-scale={props.scale} aria-labelledby={titleId}>
      <figcaption id={titleId} class="scale-chart-title">
        {t('scaleChart.title', { statement: props.chart.label || t('scaleChart.noText') })}
      </figcaption>
      <ul class="scale-legend" aria-label={t('scaleChart.legend')}>
        <For each={props.chart.lines}>
          {(line) => (
            <li data-line={line.who} data-shape={line.shape}>
              <svg width="22" height="16" viewBox="0 0 22 16" aria-hidden="true">
                <line x1="0" y1="8" x2="22" y2="8" stroke={line.color} stroke-width="2.5" />
                <Marker shape={line.shape} x={11} y={8} color={line.color} size={4.5} />
              </svg>
              <span>{line.who || t('scaleChart.someone')}</span>
            </li>
          )}
        </For>
      </ul>
      <div class="scale-chart-canvas" ref={(el) => (host = el)}>
        <svg
          class="scale-chart-svg"
          width={width()}
          height={HEIGHT}
          viewBox={`0 0 ${width()} ${HEIGHT}`}
          role="group"
          aria-label={t('scaleChart.svgLabel', { lines: props.chart.lines.length })}
        >
          {/* Score grid and labels */}
          <For each={yTicks()}>
            {(i) => (
              <g aria-hidden="true">
                <line x1={PAD.left} x2={width() - PAD.right} y1={y(i)} y2={y(i)} class="grid" />
                <text x={PAD.left - 6} y={y(i) + 4} text-anchor="end" class="tick">
                  {scoreText(i, props.scale)}
                </text>
              </g>
            )}
          </For>
          {/* The method's anchor points */}
          <g class="anchor" data-anchor="6" aria-hidden="true">
            <line x1={PAD.left} x2={width() - PAD.right} y1={y(DIRECT_SAFETY_SCORE)} y2={y(DIRECT_SAFETY_SCORE)} />
            <text x={width() - PAD.right - 2} y={y(DIRECT_SAFETY_SCORE) + 14} text-anchor="end">
              {t('scaleChart.anchor6')}
            </text>
          </g>
          <g class="anchor anchor-stable" data-anchor="7" aria-hidden="true">
            <line x1={PAD.left} x2={width() - PAD.right} y1={y(STABLE_SAFETY_SCORE)} y2={y(STABLE_SAFETY_SCORE)} />
            <text x={width() - PAD.right - 2} y={y(STABLE_SAFETY_SCORE) - 5} text-anchor="end">
              {t('scaleChart.anchor7')}
            </text>
          </g>
          {/* Time axis: months, evaluations and fixed versions */}
          <For each={monthTicks(domain().from, domain().to, Math.floor(width() / 70))}>
            {(tick) => (
              <text x={x(tick.day)} y={HEIGHT - 10} text-anchor="middle" class="tick" aria-hidden="true">
                {tick.label}
              </text>
            )}
          </For>
          <For each={props.marks}>
            {(m) => (
              <g class="time-mark" data-mark={m.kind} data-date={m.date} aria-hidden="true">
                <line x1={x(dayNumber(m.date))} x2={x(dayNumber(m.date))} y1={PAD.top - 8} y2={HEIGHT - PAD.bottom} />
                <text x={x(dayNumber(m.date))} y={PAD.top - 12} text-anchor={x(dayNumber(m.date)) > width() - 50 ? 'end' : x(dayNumber(m.date)) < PAD.left + 40 ? 'start' : 'middle'}>
                  {m.kind === 'version' ? `v${m.n ?? ''}` : t('scaleChart.mark.evaluationShort')}
                </text>
              </g>
            )}
          </For>
          <For each={props.chart.lines}>
            {(line) => (
              <g class="score-line" data-line={line.who}>
                <polyline
                  fill="none"
                  stroke={line.color}
                  stroke-width="2.5"
                  points={line.points.map((p) => `${x(dayNumber(p.date))},${y(p.score)}`).join(' ')}
                  aria-hidden="true"
                />
                <For each={line.points}>
                  {(p) =>
                    props.print ? (
                      <Marker shape={line.shape} x={x(dayNumber(p.date))} y={y(p.score)} color={line.color} />
                    ) : (
                      <g
                        class="score-point"
                        role="button"
                        tabindex="0"
                        aria-label={pointLabel(line, p)}
                        aria-pressed={chosen()?.point.id === p.id}
                        data-score={p.score}
                        data-date={p.date}
                        onClick={() => choose(line, p)}
                        // Bound on the point itself, not delegated: inside the editor, keys must not wait for the document.
                        on:keydown={(e: KeyboardEvent) => {
                          if (e.key === 'Enter' || e.key === ' ') {
                            e.preventDefault();
                            choose(line, p);
                          }
                        }}
                      >
                        <circle cx={x(dayNumber(p.date))} cy={y(p.score)} r="16" fill="transparent" />
                        <Marker shape={line.shape} x={x(dayNumber(p.date))} y={y(p.score)} color={line.color} />
                      </g>
                    )
                  }
                </For>
              </g>
            )}
          </For>
        </svg>
      </div>
      <Show when={!props.print}>
        <div class="scale-reason" aria-live="polite">
          <Show when={chosen()} fallback={<p class="scale-reason-help">{t('scaleChart.tapHelp')}</p>}>
            {(c) => (
              <p data-point={c().point.id}>
                <strong>{pointLabel(c().line, c().point)}.</strong> {c().point.reason ? t('scaleChart.reason', { reason: c().point.reason }) : t('scaleChart.noReason')}
              </p>
            )}
          </Show>
        </div>
      </Show>
      <Show when={props.marks.length > 0}>
        <p class="scale-marks">{t('scaleChart.marks', { marks: marksText() })}</p>
      </Show>
      <Show when={!props.print} fallback={table()}>
        <details class="scale-table-toggle">
          <summary>{t('scaleChart.showTable')}</summary>
          {table()}
        </details>
      </Show>
    </figure>
  );
}
