import { ProtocolError } from '@safeplan/schema/protocol';
import type { RelayStore } from '../store/relay-store.ts';
import type { MembershipRules, PlanMembership } from './membership-rules.ts';

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
 * `capacity` bounds the cache in plans and `maxBytes` in member-log bytes (least recently used
 * first out): a relay with many plans, or someone creating plans in bulk, must not grow memory
 * without end. The count alone did not: a full log (2,000 events, member-log-room.ts) takes about
 * 3 MB of memory with its validated state, so 10,000 of them would be 30 GB. A dropped log is read
 * and validated again on its next use. The plan used last always stays.
 */
export function createPlanAuthority(
  store: RelayStore,
  rules: MembershipRules,
  capacity = Infinity,
  maxBytes = Infinity,
): PlanAuthority & { readonly size: number; readonly bytes: number } {
  const cache = new Map<string, { record: PlanRecord; bytes: number }>();
  let bytes = 0;
  const forget = (planKey: string) => {
    const entry = cache.get(planKey);
    if (!entry) return;
    bytes -= entry.bytes;
    cache.delete(planKey);
  };
  const remember = (planKey: string, record: PlanRecord) => {
    const known = cache.get(planKey);
    const weight = known?.record === record ? known.bytes : record.events.reduce((n, e) => n + e.length, 0);
    forget(planKey);
    cache.set(planKey, { record, bytes: weight });
    bytes += weight;
    while (cache.size > capacity || (bytes > maxBytes && cache.size > 1)) forget(cache.keys().next().value as string);
  };

  const get = async (planKey: string): Promise<PlanRecord | null> => {
    const cached = cache.get(planKey)?.record;
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
        forget(planKey);
        throw new ProtocolError('stale-head', 'another member event was appended first');
      }
      const record = { events: [...events, event], membership };
      remember(planKey, record);
      return record;
    },
    async refresh(planKey) {
      const events = await store.readMemberLog(planKey);
      const cached = cache.get(planKey)?.record;
      if (cached && cached.events.length >= events.length) return cached;
      if (events.length === 0) return null;
      const record = { events, membership: rules.load(events) };
      remember(planKey, record);
      return record;
    },
    holds: (planKey) => cache.has(planKey),
    forgetAll: () => {
      cache.clear();
      bytes = 0;
    },
    get size() {
      return cache.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
