import type * as Y from 'yjs';
import type { DeviceKeys } from '@safeplan/schema/crypto';
import type { MemberLog } from './member-log.ts';
import { mayWrite } from './membership-view.ts';
import type { PlanMeta } from './plan-store.ts';
import type { PlanMetaCell } from './plan-meta-cell.ts';
import { onTitleInDoc, titleInDoc, writeTitleInDoc } from './plan-title.ts';
import { TypedEvents } from './typed-events.ts';

export interface TitleEvents extends Record<string, unknown> {
  /** The meta changed (its write is queued): the visible state is computed again. */
  'meta-changed': undefined;
}

/**
 * The name lives in the plan document (plan-title.ts). When a plan is shared (or a shared plan
 * made before that is opened), it gets its name from this device's meta once, by a member who
 * writes the plan document; from then on the name in the document is what every device shows,
 * and this device's meta (its plan list) follows it.
 */
export class TitleInStep {
  readonly events = new TypedEvents<TitleEvents>();
  #stop: () => void = () => undefined;
  #closed = false;

  constructor(
    private readonly d: {
      readonly doc: Y.Doc;
      readonly meta: PlanMetaCell;
      readonly log: MemberLog;
      readonly device: DeviceKeys;
    },
  ) {}

  /** At load: takes the name in the document, or gives it this device's one, then follows it. */
  async keep(): Promise<void> {
    const inDoc = titleInDoc(this.d.doc);
    if (inDoc) await this.#adopt(inDoc);
    else if (this.d.meta.value.shared) this.giveToDoc();
    // The device's plan list keeps the old name when this write fails; the next open adopts it again.
    this.#stop = onTitleInDoc(this.d.doc, (title) => void this.#adopt(title).catch((err: unknown) => console.warn('plan name not kept', String(err))));
  }

  /** Only the others need the name in the document: a plan kept on this device alone writes nothing for it. */
  giveToDoc(): void {
    const { doc, meta } = this.d;
    if (!titleInDoc(doc) && meta.value.title && this.#writesPlan()) writeTitleInDoc(doc, meta.value.title);
  }

  /** Renames the plan for every member (owners and editors); others change only this device's list. */
  async rename(title: string): Promise<void> {
    if (this.#writesPlan()) writeTitleInDoc(this.d.doc, title);
    await this.#updateMeta((m) => ({ ...m, title: title.trim() || m.title }));
  }

  close(): void {
    this.#closed = true;
    this.#stop();
  }

  #adopt(title: string): Promise<void> {
    if (!title || title === this.d.meta.value.title || this.#closed) return Promise.resolve();
    return this.#updateMeta((m) => ({ ...m, title }));
  }

  #updateMeta(change: (meta: PlanMeta) => PlanMeta): Promise<void> {
    const saved = this.d.meta.update(change);
    this.events.tell('meta-changed', undefined);
    return saved;
  }

  #writesPlan(): boolean {
    return mayWrite(this.d.log.state, this.d.device.sign.publicKey, 'plan');
  }
}
