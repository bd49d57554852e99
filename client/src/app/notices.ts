import { createSignal } from 'solid-js';

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'error';
  action?: { label: string; run: () => void };
}

const [notices, setNotices] = createSignal<Notice[]>([]);
let nextId = 1;

export { notices };

/** Shows a short message in the live region; errors stay longer so they can be read calmly. */
export function notify(text: string, options: { tone?: Notice['tone']; action?: Notice['action'] } = {}): void {
  const notice: Notice = { id: nextId++, text, tone: options.tone ?? 'info', ...(options.action ? { action: options.action } : {}) };
  setNotices((list) => [...list.filter((n) => n.text !== text), notice]);
  setTimeout(() => dismiss(notice.id), notice.tone === 'error' ? 12_000 : 8_000);
}

export function dismiss(id: number): void {
  setNotices((list) => list.filter((n) => n.id !== id));
}
