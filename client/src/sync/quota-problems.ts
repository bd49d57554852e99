import type { WireErrorCode } from '@safeplan/schema/protocol';

/**
 * The relay's refusals for its limits (docs/protocol.md, "Limits and quotas") and the problem
 * each one shows; the app words every problem as `sync.problem.<problem>` in Dutch and English.
 */
export const QUOTA_PROBLEMS = {
  'plan-full': 'plan-full',
  'too-large': 'change-too-large',
  'quota-exceeded': 'quota-exceeded',
  'token-required': 'token-required',
} as const satisfies Partial<Record<WireErrorCode, string>>;

/** The problem a quota refusal shows: `sync.problem.<code>`. */
export type QuotaProblemCode = (typeof QUOTA_PROBLEMS)[keyof typeof QUOTA_PROBLEMS];

export function quotaProblemOf(code: WireErrorCode): QuotaProblemCode | undefined {
  return (QUOTA_PROBLEMS as Partial<Record<WireErrorCode, QuotaProblemCode>>)[code];
}

/** The refusals of creating a plan on the relay: the plan stays on this device until one is lifted. */
export const CREATION_PROBLEMS: readonly QuotaProblemCode[] = [QUOTA_PROBLEMS['token-required'], QUOTA_PROBLEMS['quota-exceeded']];

/** Waiting for a plan to be live ends early: the relay refused to create it (`code`: its problem). */
export class CreationRefusedError extends Error {
  constructor(readonly code: 'token-required' | 'quota-exceeded') {
    super(`the relay refused to create the plan: ${code}`);
  }
}
