import { expect, it } from 'vitest';
import { deviceAndRoleMessagesEn, deviceAndRoleMessagesNl } from './device-and-role-messages.ts';

it('removing a plan and the role words have an English text for every Dutch key, with the same placeholders', () => {
  expect(Object.keys(deviceAndRoleMessagesEn).sort()).toEqual(Object.keys(deviceAndRoleMessagesNl).sort());
  const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
  for (const key of Object.keys(deviceAndRoleMessagesNl) as (keyof typeof deviceAndRoleMessagesNl)[]) {
    expect(placeholders(deviceAndRoleMessagesEn[key]), key).toEqual(placeholders(deviceAndRoleMessagesNl[key]));
    expect(deviceAndRoleMessagesNl[key].trim(), key).not.toBe('');
    expect(deviceAndRoleMessagesEn[key].trim(), key).not.toBe('');
  }
});
