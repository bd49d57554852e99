import { addMessages } from '../i18n/index.ts';

/** Words of the plan's navigation and edit tools; their own namespace (`nav.`), so merges stay easy. */
export const planNavNl: Record<string, string> = {
  'nav.position': 'Onderdeel {n} van {total}',
  'nav.previous': 'Vorige:',
  'nav.next': 'Volgende:',
  'nav.showWholePlan': 'Toon het hele plan',
  'nav.showOneSection': 'Toon één onderdeel tegelijk',
  'nav.editTools': 'Terugdraaien',
  'nav.undo': 'Ongedaan maken',
  'nav.redo': 'Opnieuw doen',
};

export const planNavEn: Record<string, string> = {
  'nav.position': 'Part {n} of {total}',
  'nav.previous': 'Previous:',
  'nav.next': 'Next:',
  'nav.showWholePlan': 'Show the whole plan',
  'nav.showOneSection': 'Show one part at a time',
  'nav.editTools': 'Undo and redo',
  'nav.undo': 'Undo',
  'nav.redo': 'Redo',
};

addMessages({ nl: planNavNl, en: planNavEn });
