import type { JSONContent } from '@tiptap/core';
import { newItemJSON } from './json.ts';
import { planJSONWith } from './plan-builder.ts';

/** A small, fictional, filled-in plan with every section used; for demos and tests. */
export function samplePlanJSON(): JSONContent {
  const jan = newItemJSON('young_person', { birthYear: 2014 }, { name: 'Jan' });
  const sara = newItemJSON('young_person', { birthYear: 2018 }, { name: 'Sara' });
  const danger = newItemJSON('danger_statement', {}, {
    text: 'Jan en Sara zijn bang als papa en mama ruzie maken.\nZe kunnen gewond raken als er geslagen wordt.',
  });
  const janId = String(jan.attrs?.id);
  return planJSONWith([
    newItemJSON('plan_details', { phase: 'veiligheid', minSafetyPersons: 2 }, {
      householdName: 'Familie De Vries',
      caseDirector: 'Anouk (wijkteam)',
      safetyPlanner: 'Anouk (wijkteam)',
      networkChair: 'Oma Truus',
    }),
    jan,
    sara,
    newItemJSON('unsafe_situation', { date: '2025-03-02' }, {
      fact: 'Jan zag op 2 maart 2025 dat papa mama duwde.',
      witness: 'Jan, buurvrouw Els',
    }),
    newItemJSON('harm_factor', { kind: 'complicating' }, { text: 'Er zijn schulden.' }),
    danger,
    newItemJSON('strength', { kind: 'exception' }, { text: 'Vorige week ging papa een rondje lopen toen hij boos werd.' }),
    newItemJSON('safety_score', { dangerStatement: String(danger.attrs?.id), score: 4, date: '2025-04-01' }, {
      who: 'Oma Truus',
      reason: 'Er is al een maand niet geslagen.',
    }),
    newItemJSON('safety_goal', { termDate: '2025-06-01' }, { text: 'Jan en Sara voelen zich thuis veilig.' }),
    newItemJSON('agreement', {}, {
      what: 'Papa gaat naar buiten als hij boos wordt.',
      who: 'Papa',
      when: 'Altijd',
      checkedHow: 'Oma belt elke zondag.',
      ifWrong: 'Mama belt oma.',
      safeObject: 'De blauwe knuffel op de vensterbank',
    }),
    newItemJSON('person', { kind: 'network', isSafetyPerson: true, safetyPersonFor: janId, circle: 'all' }, {
      name: 'Oma Truus',
      relation: 'Oma',
      phone: '06-12345678',
    }),
    newItemJSON('person', { kind: 'network', isSafetyPerson: true, safetyPersonFor: null, circle: 'part' }, {
      name: 'Buurvrouw Els',
      relation: 'Buurvrouw',
    }),
    newItemJSON('consequence', { kind: 'broken' }, { text: 'Anouk meldt het bij Veilig Thuis.' }),
    newItemJSON('monitoring_details', { nextEvaluation: '2025-05-15' }, {
      supervisor: 'Anouk',
      frequency: 'Elke maand',
      withWhom: 'Papa, mama, oma Truus, Els',
    }),
    newItemJSON('log_entry', { date: '2025-04-10', outcome: 'almostWrong' }, {
      author: 'Mama',
      what: 'Papa werd boos.',
      done: 'Hij ging naar buiten.',
    }),
    newItemJSON('story_text', {}, { text: 'Papa en mama hadden ruzie. Dat was eng.' }),
    newItemJSON('picture', { src: 'data:image/png;base64,iVBORw0KGgo=' }, { caption: 'Tekening van Sara' }),
    newItemJSON('recovery_step', {}, { text: 'Jan praat met iemand over wat hij zag.' }),
  ]);
}
