import { describe, expect, it } from 'vitest';
import { Outbox } from './outbox.ts';

const env = (n: number) => Uint8Array.of(n);

describe('the outbox', () => {
  it('hands out envelopes lowest clock first, at most `window` unacknowledged at a time', () => {
    const box = new Outbox(2);
    for (const c of [3, 1, 2]) box.add(c, env(c));
    expect(box.take()).toEqual([env(1), env(2)]);
    expect(box.take()).toEqual([]);
    box.confirm(1);
    expect(box.take()).toEqual([env(3)]);
    expect(box.size).toBe(2);
  });

  it('sends nothing while a snapshot is held, and everything unacknowledged again after a reset', () => {
    const box = new Outbox(8);
    box.add(1, env(1));
    box.add(2, env(2));
    expect(box.take()).toHaveLength(2);
    box.hold(true);
    box.add(3, env(3));
    expect(box.take()).toEqual([]);
    box.reset();
    expect(box.held).toBe(false);
    expect(box.take()).toEqual([env(1), env(2), env(3)]);
  });
});
