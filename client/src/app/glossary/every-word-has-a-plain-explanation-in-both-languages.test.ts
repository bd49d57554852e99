import { describe, expect, it } from 'vitest';
import { SECTIONS } from '@safeplan/schema/plan';
import { glossaryEn, glossaryNl } from './glossary-messages.ts';
import { SECTION_TERMS, TERMS } from './glossary-terms.ts';

const sentences = (text: string) => text.split(/(?<=[.?!:])\s+/).filter(Boolean);

describe('the word list', () => {
  it('explains every word in Dutch and in English, with the same keys', () => {
    expect(Object.keys(glossaryEn).sort()).toEqual(Object.keys(glossaryNl).sort());
    for (const term of TERMS) {
      for (const dict of [glossaryNl, glossaryEn]) {
        expect(dict[`glossary.${term}.term`]?.trim(), term).toBeTruthy();
        expect(dict[`glossary.${term}.meaning`]?.trim(), term).toBeTruthy();
      }
    }
  });

  it('explains in short sentences (B1: at most 20 words each)', () => {
    for (const [key, text] of [...Object.entries(glossaryNl), ...Object.entries(glossaryEn)]) {
      for (const sentence of sentences(text)) expect(sentence.split(/\s+/).length, `${key}: ${sentence}`).toBeLessThanOrEqual(20);
    }
  });

  it('has a "Wat betekent dit?" for every section of the plan, naming only known words', () => {
    for (const section of SECTIONS) {
      const terms = SECTION_TERMS[section.key];
      expect(terms?.length, section.key).toBeGreaterThan(0);
      for (const term of terms ?? []) expect(TERMS).toContain(term);
    }
  });

  it('covers the words new users did not know', () => {
    const dutchTerms = TERMS.map((term) => glossaryNl[`glossary.${term}.term`]?.toLowerCase() ?? '');
    for (const word of ['gevaarsomschrijving', 'complicerende factor', 'teken van veiligheid', 'veilig voorwerp', 'risicogestuurd', 'afstemming', 'onderschrijven', 'versie vaststellen', 'regie', 'mede-eigenaar', 'bewerker', 'meeschrijver']) {
      expect(dutchTerms.some((t) => t.includes(word)), word).toBe(true);
    }
  });
});
