import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './context.ts';
import { LIMIT_ENV, limitsFromEnv } from './limits-from-env.ts';

describe('the relay limits come from the environment', () => {
  it('reads numbers and comma-separated lists, and leaves unset variables to the defaults', () => {
    expect(
      limitsFromEnv({
        SAFEPLAN_MAX_CONNECTIONS: '500',
        SAFEPLAN_LOGIN_DEADLINE_MS: '2500',
        SAFEPLAN_ALLOWED_ORIGINS: 'https://plan.example, self',
        SAFEPLAN_CREATION_TOKENS: '',
      }),
    ).toEqual({ maxConnections: 500, loginDeadlineMs: 2500, allowedOrigins: ['https://plan.example', 'self'] });
  });

  it('refuses a value that is not a number of 0 or more, naming the variable', () => {
    expect(() => limitsFromEnv({ SAFEPLAN_MAX_PLAN_BYTES: '64MB' })).toThrow(/SAFEPLAN_MAX_PLAN_BYTES/);
    expect(() => limitsFromEnv({ SAFEPLAN_RATE_FRAMES_PER_SECOND: '-1' })).toThrow(/SAFEPLAN_RATE_FRAMES_PER_SECOND/);
  });

  it('has a variable for every limit, each listed in README', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const covered = new Set(Object.values(LIMIT_ENV));
    for (const key of Object.keys(DEFAULT_LIMITS)) if (key !== 'catchUpBatch') expect(covered.has(key as keyof typeof DEFAULT_LIMITS), key).toBe(true);
    for (const name of Object.keys(LIMIT_ENV)) expect(readme, name).toContain(name);
  });
});
