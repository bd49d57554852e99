import { expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan, fieldOf, openSection } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

// A parent opens "Veilige cirkels" in a new plan. "Zet eerst mensen bij Netwerk." left her stuck:
// where is Netwerk? A button there opens Netwerk with a new person, the cursor in its name, and
// that person is then in the circles.
it('"Veilige cirkels" with nobody in the network offers "Iemand toevoegen bij Netwerk", which opens Netwerk with a new person to type', async () => {
  for (const size of [{ width: 390, height: 844 }, { width: 768, height: 1024 }]) {
    const page = await browser.context.newPage();
    await page.setViewportSize(size);
    await page.goto(server.url);
    await createPlan(page, `Plan familie Peters ${size.width}`, 'Sanne', 'household');
    await page.getByRole('button', { name: 'Veilige cirkels' }).click();
    await page.getByText('Zet eerst mensen bij Netwerk.').waitFor();
    await page.getByRole('button', { name: 'Iemand toevoegen bij Netwerk' }).click();

    const person = fieldOf(page, 'network', 0, 0);
    await person.waitFor();
    await expect.poll(() => person.evaluate((el) => el.contains(getSelection()?.anchorNode ?? null)), { message: `${size.width}: cursor in the new person's name` }).toBe(true);
    await page.keyboard.type('Oma Truus');

    // On a phone the circles come after the first section.
    await openSection(page, 'header');
    await page.getByRole('button', { name: 'Veilige cirkels' }).click();
    await expect.poll(() => page.locator('[data-testid="safety-circles"]').textContent(), { message: `${size.width}` }).toContain('Oma Truus');
    await page.close();
  }
}, 60_000);
