import type { JSX } from 'solid-js';
import { qrDrawing } from './qr-path.ts';

/** A QR code for `text`, crisp at any size; `label` says what scanning it does. */
export function QrCode(props: { text: string; label: string }): JSX.Element {
  const drawing = () => qrDrawing(props.text);
  return (
    <svg
      class="qr-code"
      role="img"
      aria-label={props.label}
      viewBox={`0 0 ${drawing().size} ${drawing().size}`}
      shape-rendering="crispEdges"
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect width={drawing().size} height={drawing().size} fill="#fff" />
      <path d={drawing().path} fill="#000" />
    </svg>
  );
}
