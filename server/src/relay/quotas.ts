import { timingSafeEqual, createHash } from 'node:crypto';
import { ProtocolError } from '@safeplan/schema/protocol';
import type { Connection } from './connection.ts';
import type { RelayContext, RelayLimits } from './context.ts';
import { limitLogged } from './limit-hit.ts';
import { touchLru } from '../lru.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Creators and addresses remembered for the daily count; the oldest are forgotten first. */
const MAX_CREATORS = 100_000;
/** Plans whose stored bytes are kept in memory. */
const MAX_USAGE_ENTRIES = 20_000;

/**
 * What one key, one address and one plan may take from the relay: new plans per day, stored
 * bytes per plan, and (when the operator asks for it) a creation token for every new plan.
 * Counts live in memory: a restart forgets today's plan counts, which only ever errs towards
 * letting a person work.
 */
export interface Quotas {
  /** Throws `token-required` or `quota-exceeded` when `conn` may not create a plan now. */
  checkCreation(conn: Connection, author: string): void;
  /** A plan was created: count it for its key and address. */
  created(conn: Connection, author: string): void;
  /** Bytes the plan holds now (read from the store on first use, then kept up to date). */
  planBytes(planKey: string): Promise<number>;
  /** Updates of `bytes` in total were committed to the plan. */
  stored(planKey: string, bytes: number): void;
  /** A snapshot was committed: the store pruned, so the count is read again next time. */
  pruned(planKey: string): void;
}

export function createQuotas(ctx: Pick<RelayContext, 'store' | 'log'> & { limits: RelayLimits }): Quotas {
  const byKey = new Map<string, { since: number; count: number }>();
  const byAddress = new Map<string, { since: number; count: number }>();
  const usage = new Map<string, number>();
  const tokens = ctx.limits.creationTokens.map(digest);

  const countOf = (map: Map<string, { since: number; count: number }>, id: string, now: number) => {
    const entry = map.get(id);
    return entry && now - entry.since < DAY_MS ? entry.count : 0;
  };
  const bump = (map: Map<string, { since: number; count: number }>, id: string, now: number) => {
    const entry = map.get(id);
    const fresh = !entry || now - entry.since >= DAY_MS;
    touchLru(map, id, fresh ? { since: now, count: 1 } : { since: entry.since, count: entry.count + 1 }, MAX_CREATORS);
  };

  return {
    checkCreation(conn, author) {
      if (tokens.length > 0) {
        const given = conn.creationToken === null ? null : digest(conn.creationToken);
        if (!given || !tokens.some((t) => timingSafeEqual(t, given))) {
          limitLogged(ctx, 'token-required', { conn: conn.id });
          throw new ProtocolError('token-required', 'this relay creates plans only with a creation token');
        }
      }
      const now = Date.now();
      const perKey = countOf(byKey, author, now);
      const perAddress = countOf(byAddress, conn.address, now);
      if (perKey >= ctx.limits.maxPlansPerKeyPerDay || perAddress >= ctx.limits.maxPlansPerAddressPerDay) {
        limitLogged(ctx, 'quota-exceeded', { conn: conn.id, plansByKey: perKey, plansByAddress: perAddress });
        throw new ProtocolError('quota-exceeded', 'too many new plans today; try again tomorrow');
      }
    },
    created(conn, author) {
      const now = Date.now();
      bump(byKey, author, now);
      bump(byAddress, conn.address, now);
    },
    async planBytes(planKey) {
      let bytes = usage.get(planKey);
      if (bytes === undefined) bytes = ctx.store.planBytes ? await ctx.store.planBytes(planKey) : 0;
      touchLru(usage, planKey, bytes, MAX_USAGE_ENTRIES);
      return bytes;
    },
    stored(planKey, bytes) {
      const known = usage.get(planKey);
      if (known !== undefined) usage.set(planKey, known + bytes);
    },
    pruned(planKey) {
      usage.delete(planKey);
    },
  };
}

/** Tokens are compared as digests: equal length for timingSafeEqual, and no token kept in plain. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
