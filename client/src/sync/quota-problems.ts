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

export function quotaProblemOf(code: WireErrorCode): string | undefined {
  return (QUOTA_PROBLEMS as Partial<Record<WireErrorCode, string>>)[code];
}
