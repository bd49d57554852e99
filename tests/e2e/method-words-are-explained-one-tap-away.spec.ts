import { describe, expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

describe('words a parent does not know', () => {
  it('are explained under "Wat betekent dit?" at the section, and all of them in the word list, in Dutch and English', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await createPlan(page);
    const section = page.locator('section[data-section="dangerStatements"]');
    const meaning = section.locator('.term[data-term="gevaarsomschrijving"] dd');
    expect(await meaning.isVisible()).toBe(false);
    await section.getByText('Wat betekent dit?').click();
    expect(await meaning.isVisible()).toBe(true);
    expect(await meaning.textContent()).toContain('Wie maakt zich zorgen?');

    await section.getByRole('button', { name: 'Alle woorden' }).click();
    const list = page.getByRole('dialog', { name: 'Woordenlijst' });
    await list.waitFor();
    for (const word of ['Veilig voorwerp', 'Risicogestuurd (fase)', 'Onderschrijven', 'Versie vaststellen', 'Eigenaar en mede-eigenaar', 'Meeschrijver']) {
      expect(await list.locator('dt', { hasText: word }).count(), word).toBe(1);
    }
    await list.getByRole('button', { name: 'Sluiten' }).click();
    await list.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Word list' }).click();
    const english = page.getByRole('dialog', { name: 'Word list' });
    await english.waitFor();
    expect(await english.locator('.term[data-term="veiligVoorwerp"] dd').textContent()).toContain('cuddly toy');
    await page.close();
  });
});
