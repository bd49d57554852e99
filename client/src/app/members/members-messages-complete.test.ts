import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, MEMBER_KINDS, PROFESSIONAL_FUNCTIONS, ROLES } from '@safeplan/schema/protocol';
import { appMessagesNl } from '../i18n/app-messages.ts';
import { planMessages } from '../i18n/plan-messages.ts';
import { membersEn, membersNl } from './members-messages.ts';

const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();

describe('members messages', () => {
  it('have an English text for every Dutch key and no extra ones', () => {
    expect(Object.keys(membersEn).sort()).toEqual(Object.keys(membersNl).sort());
  });

  it('use the same placeholders in both languages and no empty texts', () => {
    for (const [key, nl] of Object.entries(membersNl)) {
      const en = membersEn[key] ?? '';
      expect(placeholders(en), key).toEqual(placeholders(nl));
      expect(nl.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
    }
  });

  it('stay in their own namespace, so they never overwrite another module’s words', () => {
    const others = new Set([...Object.keys(appMessagesNl), ...Object.keys(planMessages.nl)]);
    for (const key of Object.keys(membersNl)) {
      expect(key.startsWith('members.'), key).toBe(true);
      expect(others.has(key), key).toBe(false);
    }
  });

  it('word every role, kind, function and log event', () => {
    const needed = [
      ...Object.keys(ROLES).flatMap((r) => [`members.role.${r}`, `members.role.${r}.help`]),
      ...Object.keys(MEMBER_KINDS).flatMap((k) => [`members.kind.${k}`, `members.creator.kind.${k}`]),
      ...Object.keys(PROFESSIONAL_FUNCTIONS).map((f) => `members.function.${f}`),
      ...Object.keys(EVENT_TYPES).filter((e) => e !== 'remove' && e !== 'close-case').map((e) => `members.event.${e}`),
      'members.event.remove',
      'members.event.close-case',
    ];
    for (const key of needed) expect(membersNl[key], key).toBeDefined();
  });
});
