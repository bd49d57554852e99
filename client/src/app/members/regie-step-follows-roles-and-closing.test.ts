import { describe, expect, it } from 'vitest';
import { regieStep, type RegiePerson } from './regie-step.ts';

const pro = (role: RegiePerson['role'], offeredOwnership = false): RegiePerson => ({ role, kind: 'professional', offeredOwnership });
const chair = (role: RegiePerson['role'], offeredOwnership = false): RegiePerson => ({ role, kind: 'network', offeredOwnership });
const parent: RegiePerson = { role: 'editor', kind: 'household', offeredOwnership: false };

describe('the regie step', () => {
  it('walks the four steps of the hand-over as the log changes', () => {
    expect(regieStep([pro('owner'), chair('editor'), parent], false)).toBe(1);
    expect(regieStep([pro('owner'), chair('editor', true), parent], false)).toBe(2);
    expect(regieStep([pro('owner'), chair('owner'), parent], false)).toBe(2);
    expect(regieStep([pro('reader'), chair('owner'), parent], false)).toBe(3);
    expect(regieStep([chair('owner'), parent], true)).toBe(4);
  });

  it('does not count an offer to another professional as handing over to the network', () => {
    expect(regieStep([pro('owner'), pro('editor', true), chair('editor')], false)).toBe(1);
  });

  it('has not started in a new plan, whoever made it', () => {
    expect(regieStep([chair('owner')], false)).toBe(0);
    expect(regieStep([{ ...parent, role: 'owner' }], false)).toBe(0);
    expect(regieStep([pro('owner')], false)).toBe(0);
  });

  it('has not started while nobody from the network or no professional is in the plan', () => {
    expect(regieStep([chair('owner'), parent], false)).toBe(0);
    expect(regieStep([pro('owner'), pro('editor')], false)).toBe(0);
  });

  it('is at step 3 once a professional writes along in a plan the network owns', () => {
    expect(regieStep([chair('owner'), pro('editor')], false)).toBe(3);
  });
});
