/** Every word the word list explains, in the order the plan meets them. */
export const TERMS = [
  'onveiligeSituatie',
  'schade',
  'complicerendeFactor',
  'gevaarsomschrijving',
  'tekenVanVeiligheid',
  'veiligheidsschaal',
  'veiligheidsdoel',
  'veiligheidsafspraak',
  'veiligVoorwerp',
  'veiligheidspersoon',
  'veiligeCirkels',
  'gevolg',
  'toezicht',
  'veiligheidslogboek',
  'woordEnBeeld',
  'herstelplan',
  'casusregisseur',
  'veiligheidsplanner',
  'netwerkberaad',
  'voorzitter',
  'regie',
  'fase',
  'afstemming',
  'veiligheid',
  'risicogestuurd',
  'herstel',
  'eigenaar',
  'bewerker',
  'meeschrijver',
  'lezer',
  'versieVaststellen',
  'onderschrijven',
  'veiligThuis',
] as const;

export type Term = (typeof TERMS)[number];

/** The words each section of the plan uses, explained under "Wat betekent dit?" at its top. */
export const SECTION_TERMS: Readonly<Record<string, readonly Term[]>> = {
  header: ['casusregisseur', 'veiligheidsplanner', 'voorzitter', 'fase', 'afstemming', 'veiligheid', 'risicogestuurd', 'herstel'],
  unsafeSituations: ['onveiligeSituatie'],
  harm: ['schade', 'complicerendeFactor'],
  dangerStatements: ['gevaarsomschrijving'],
  goingWell: ['tekenVanVeiligheid'],
  safetyScale: ['veiligheidsschaal'],
  safetyGoals: ['veiligheidsdoel'],
  safetyAgreements: ['veiligheidsafspraak', 'veiligVoorwerp'],
  network: ['veiligheidspersoon', 'veiligeCirkels'],
  consequences: ['gevolg', 'veiligThuis'],
  monitoring: ['toezicht', 'netwerkberaad'],
  safetyLog: ['veiligheidslogboek'],
  wordsAndPictures: ['woordEnBeeld'],
  recoveryPlan: ['herstelplan'],
};

/** The words of the roles and of the hand-over, for the people and versions views. */
export const ROLE_TERMS: readonly Term[] = ['regie', 'eigenaar', 'bewerker', 'meeschrijver', 'lezer', 'voorzitter'];
export const VERSION_TERMS: readonly Term[] = ['versieVaststellen', 'onderschrijven'];
