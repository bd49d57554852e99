import type { Channel } from '@safeplan/schema/protocol';
import type { UpdateBatcher } from './update-batcher.ts';

/** What is typed on this device and not yet sealed: one batcher per document (update-batcher.ts). */
export class LocalTyping {
  constructor(readonly batchers: Readonly<Record<Channel, UpdateBatcher>>) {}

  /** True while local changes to either document are collected or being sealed. */
  busy(): boolean {
    return this.batchers.plan.busy() || this.batchers.contributions.busy();
  }

  /** Changes still being collected: a batch counts as one. */
  count(): number {
    return (this.batchers.plan.busy() ? 1 : 0) + (this.batchers.contributions.busy() ? 1 : 0);
  }

  /** Seals whatever is being collected; resolves when both batchers handed it on. */
  async flush(): Promise<void> {
    await Promise.all([this.batchers.plan.flush(), this.batchers.contributions.flush()]);
  }
}
