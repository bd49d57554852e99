import { ProtocolError } from '@safeplan/schema/protocol';
import type { RelayStore } from '../store/relay-store.ts';
import type { MembershipRules, PlanMembership } from './membership-rules.ts';
import { touchLru } from '../lru.ts';

export interface PlanRecord {
  readonly events: readonly Uint8Array[];
  readonly membership: PlanMembership;
}

/**
 * The relay's view of each plan's member log, validated once and then extended event by event.
 * Callers serialise work per plan (PlanQueue), so check-then-append cannot interleave here. With
 * one relay this process is the only writer of its store and the cache is always current. With
 * several on one store another relay may append: its notification makes this relay `refresh`
 * (plan-follower.ts), and an append on a stale head is refused by the store (`stale-head`).
 */
export interface PlanAuthority {
  /** Null when the relay has no log for the plan. */
  get(planKey: string): Promise<PlanRecord | null>;
  /**
   * Validates and durably appends one event; throws ProtocolError on refusal. `beforeStore` runs
   * once the event validated (signature and rules) and before it is stored, and may refuse it too:
   * checks that cost the relay per entry of the event run only for an event a member signed.
   */
  append(planKey: string, planId: Uint8Array, event: Uint8Array, beforeStore?: () => Promise<void>): Promise<PlanRecord>;
  /**
   * Reads the log from the store again (another relay may have appended) and returns it; the
   * cached record stays when the store holds no more events than it.
   */
  refresh(planKey: string): Promise<PlanRecord | null>;
  /** Whether the plan's log is held in memory (a notification for any other plan costs nothing). */
  holds(planKey: string): boolean;
  /** Drops every cached log (they are read again on use): after notifications may have been lost. */
  forgetAll(): void;
}

/**
 * `capacity` bounds the cache (least recently used first out): a relay with many plans, or
 * someone creating plans in bulk, must not grow memory without end. A dropped log is read and
 * validated again on its next use.
 */
export function createPlanAuthority(store: RelayStore, rules: MembershipRules, capacity = Infinity): PlanAuthority & { readonly size: number } {
  const cache = new Map<string, PlanRecord>();
  const remember = (planKey: string, record: PlanRecord) => void touchLru(cache, planKey, record, capacity);

  const get = async (planKey: string): Promise<PlanRecord | null> => {
    const cached = cache.get(planKey);
    if (cached) {
      remember(planKey, cached);
      return cached;
    }
    const events = await store.readMemberLog(planKey);
    if (events.length === 0) return null;
    const record = { events, membership: rules.load(events) };
    remember(planKey, record);
    return record;
  };

  return {
    get,
    async append(planKey, planId, event, beforeStore) {
      const current = await get(planKey);
      const events = current?.events ?? [];
      const membership = rules.append(planId, events, current?.membership ?? null, event);
      await beforeStore?.();
      const stored = await store.appendMemberEvent(planKey, events.length, event);
      if (!stored) {
        cache.delete(planKey);
        throw new ProtocolError('stale-head', 'another member event was appended first');
      }
      const record = { events: [...events, event], membership };
      remember(planKey, record);
      return record;
    },
    async refresh(planKey) {
      const events = await store.readMemberLog(planKey);
      const cached = cache.get(planKey);
      if (cached && cached.events.length >= events.length) return cached;
      if (events.length === 0) return null;
      const record = { events, membership: rules.load(events) };
      remember(planKey, record);
      return record;
    },
    holds: (planKey) => cache.has(planKey),
    forgetAll: () => cache.clear(),
    get size() {
      return cache.size;
    },
  };
}
