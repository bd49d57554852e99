import { describe, expect, it } from 'vitest';
import { createEscapeCounter, isValidExitUrl } from './quick-exit.ts';
import { parseRoute, routeHash } from './route.ts';

describe('three Escape presses', () => {
  it('fire within 1.5 seconds', () => {
    const press = createEscapeCounter();
    expect(press('Escape', 0)).toBe(false);
    expect(press('Escape', 500)).toBe(false);
    expect(press('Escape', 1400)).toBe(true);
  });

  it('do not fire when spread out over more time', () => {
    const press = createEscapeCounter();
    expect(press('Escape', 0)).toBe(false);
    expect(press('Escape', 1000)).toBe(false);
    expect(press('Escape', 2000)).toBe(false);
    expect(press('Escape', 3000)).toBe(false);
    expect(press('Escape', 3100)).toBe(true);
  });

  it('ignore other keys and start again after firing', () => {
    const press = createEscapeCounter();
    expect(press('a', 0)).toBe(false);
    expect(press('Escape', 10)).toBe(false);
    expect(press('Enter', 20)).toBe(false);
    expect(press('Escape', 30)).toBe(false);
    expect(press('Escape', 40)).toBe(true);
    expect(press('Escape', 50)).toBe(false);
  });
});

describe('exit url', () => {
  it('accepts web addresses only', () => {
    expect(isValidExitUrl('https://www.nu.nl/')).toBe(true);
    expect(isValidExitUrl('javascript:alert(1)')).toBe(false);
    expect(isValidExitUrl('nu.nl')).toBe(false);
  });
});

describe('routes', () => {
  it('round-trip and fall back to home', () => {
    expect(parseRoute(routeHash({ name: 'plan', planId: 'abc_-1' }))).toEqual({ name: 'plan', planId: 'abc_-1' });
    expect(parseRoute('#/plan/<script>')).toEqual({ name: 'home' });
    expect(parseRoute('')).toEqual({ name: 'home' });
  });
});
