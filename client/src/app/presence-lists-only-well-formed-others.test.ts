import { describe, expect, it } from 'vitest';
import { cleanDisplayName, MAX_DISPLAY_NAME } from './display-name.ts';
import { colorFor, othersHere, PRESENCE_COLORS } from './presence.ts';

describe('who is here', () => {
  it('lists the others by name with their colour, not yourself', () => {
    const states = new Map<number, unknown>([
      [1, { user: { name: 'Sanne', color: '#005f73' } }],
      [2, { user: { name: 'Bram', color: '#9b2226' } }],
    ]);
    expect(othersHere(states, 1)).toEqual([{ clientId: 2, name: 'Bram', color: '#9b2226' }]);
  });

  it('leaves out states without a usable name and replaces colours that are not plain hex', () => {
    const states = new Map<number, unknown>([
      [3, {}],
      [4, null],
      [5, { user: { name: '   ' } }],
      [6, { user: { name: 42 } }],
      [7, { user: { name: 'Oma', color: 'red; background:url(x)' } }],
      [8, { user: { name: 'Ans\u0000\u202e', color: '#abcdef' } }],
    ]);
    expect(othersHere(states, 99)).toEqual([
      { clientId: 8, name: 'Ans', color: '#abcdef' },
      { clientId: 7, name: 'Oma', color: colorFor(7) },
    ]);
  });

  it('gives every client a colour from the palette', () => {
    for (const id of [0, 1, 7, 2 ** 31 - 1, 123456789]) expect(PRESENCE_COLORS).toContain(colorFor(id));
  });
});

describe('display names', () => {
  it('are one trimmed line of at most the maximum length', () => {
    expect(cleanDisplayName('  Oma\n  Ria\t ')).toBe('Oma Ria');
    expect(cleanDisplayName('x'.repeat(100))).toHaveLength(MAX_DISPLAY_NAME);
    expect(cleanDisplayName('🙂'.repeat(50))).toBe('🙂'.repeat(MAX_DISPLAY_NAME));
    expect(cleanDisplayName('\u0007')).toBe('');
  });
});
