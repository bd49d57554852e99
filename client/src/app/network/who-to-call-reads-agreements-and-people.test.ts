import { describe, expect, it } from 'vitest';
import { newItemJSON, planJSONWith, planModelFromJSON } from '@safeplan/schema/plan';
import { circleAt, placeInCircle } from './circle-layout.ts';
import { telHref, whoToCall } from './who-to-call.ts';

describe('who to call', () => {
  it('links each agreement’s "if it goes wrong" to the people it names, and each person’s own "call when"', () => {
    const model = planModelFromJSON(
      planJSONWith([
        newItemJSON('plan_details'),
        newItemJSON('monitoring_details'),
        newItemJSON('agreement', {}, { what: 'Papa gaat naar buiten als hij boos wordt.', ifWrong: 'Mama belt oma.' }),
        newItemJSON('agreement', {}, { what: 'Niemand drinkt.', ifWrong: '' }),
        newItemJSON('person', {}, { name: 'Oma Truus', phone: '06-12 34 56 78' }),
        newItemJSON('person', {}, { name: 'Anouk', phone: '', callWhen: 'Als oma niet opneemt' }),
      ]),
    );
    expect(whoToCall(model)).toEqual([
      { when: 'Papa gaat naar buiten als hij boos wordt.', fromAgreement: true, what: 'Mama belt oma.', people: [{ name: 'Oma Truus', phone: '06-12 34 56 78', tel: 'tel:0612345678' }] },
      { when: 'Als oma niet opneemt', fromAgreement: false, what: '', people: [{ name: 'Anouk', phone: '', tel: null }] },
    ]);
  });

  it('dials digits and a leading plus only', () => {
    expect(telHref('+31 (0)6-123')).toBe('tel:+3106123');
    expect(telHref('bel maar')).toBeNull();
  });
});

describe('the circles', () => {
  it('put every placed person back in the circle they were placed in', () => {
    for (const c of ['all', 'part', 'none', null] as const) {
      for (let n = 1; n <= 9; n++) for (let i = 0; i < n; i++) expect(circleAt(placeInCircle(c, i, n).x, placeInCircle(c, i, n).y)).toBe(c);
    }
  });
});
