import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { addItem, createPlan, openSection, settle } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

/** The local day `offset` days from today, as a date input takes it. */
function day(offset: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A small RFC 5545 reader: unfolds lines, then reads components and their properties; throws on what does not parse. */
function parseIcs(text: string): { name: string; props: Map<string, { params: string; value: string }[]>; children: ReturnType<typeof parseIcs>[] } {
  if (!text.endsWith('\r\n')) throw new Error('lines must end in CRLF');
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').slice(0, -1);
  type Comp = ReturnType<typeof parseIcs>;
  const stack: Comp[] = [];
  let root: Comp | undefined;
  for (const line of lines) {
    const m = /^([A-Z-]+)((?:;[A-Z-]+=[^:;]+)*):(.*)$/.exec(line);
    if (!m) throw new Error(`not a content line: ${line}`);
    const [, name, params, value] = m as unknown as [string, string, string, string];
    if (name === 'BEGIN') {
      const comp: Comp = { name: value, props: new Map(), children: [] };
      stack.at(-1)?.children.push(comp);
      stack.push(comp);
      root ??= comp;
    } else if (name === 'END') {
      if (stack.pop()?.name !== value) throw new Error(`END:${value} does not close its BEGIN`);
    } else {
      const comp = stack.at(-1);
      if (!comp) throw new Error(`property outside a component: ${line}`);
      comp.props.set(name, [...(comp.props.get(name) ?? []), { params, value }]);
    }
  }
  if (!root || stack.length > 0) throw new Error('unbalanced calendar');
  return root;
}

async function downloadIcs(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Zet in mijn agenda' }).click()]);
  const path = await download.path();
  return readFile(path, 'utf8');
}

const meeting = (page: Page): Locator => page.locator('section[data-section="monitoring"] .plan-item[data-item="meeting"]').first();
const due = (page: Page) => page.getByTestId('due-card');

describe('a network meeting', () => {
  it('is planned, reminded with a neutral calendar file and notification, recorded, and offers to fix a version', async () => {
    const page = await browser.context.newPage();
    // The browser's notifications, recorded: the app may only say "Afspraak", never what it is about.
    await page.addInitScript(() => {
      const shown: { title: string; body: string }[] = [];
      (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
      class FakeNotification {
        static permission: NotificationPermission = 'default';
        static requestPermission = async () => (FakeNotification.permission = 'granted');
        constructor(title: string, options?: NotificationOptions) {
          shown.push({ title, body: options?.body ?? '' });
        }
      }
      (window as unknown as { Notification: unknown }).Notification = FakeNotification;
    });
    await page.goto(server.url);
    await createPlan(page, 'Plan familie Jansen', 'Sanne');

    await expect.poll(() => due(page).textContent()).toContain('Er is nog geen netwerkberaad gepland.');
    expect(await due(page).textContent()).toContain('Nog geen scores. Iedereen geeft een cijfer op de veiligheidsschaal en zegt waarom.');

    // Plan, from the first screen: date in three days, time, place, invited.
    await due(page).getByRole('button', { name: 'Netwerkberaad plannen' }).click();
    await meeting(page).waitFor();
    await meeting(page).getByLabel('Datum').fill(day(3));
    await meeting(page).getByLabel('Hoe laat?').fill('19:30');
    await meeting(page).locator('.field-text[data-field="place"]').click();
    await page.keyboard.type('Bij oma Truus thuis');
    await meeting(page).locator('.field-text[data-field="invited"]').click();
    await page.keyboard.type('Mama, papa, oma Truus');
    await expect.poll(() => due(page).locator('[data-due="network.due.meetingInDays"]').textContent()).toBe('Netwerkberaad over 3 dagen');
    expect(await page.getByTestId('next-meeting').textContent()).toContain('19:30');

    // The calendar file: parses, holds the date and time and the neutral title, nothing of the plan.
    const neutral = await downloadIcs(page);
    const cal = parseIcs(neutral);
    expect(cal.name).toBe('VCALENDAR');
    const event = cal.children.find((c) => c.name === 'VEVENT');
    expect(event).toBeDefined();
    expect(event?.props.get('SUMMARY')?.[0]?.value).toBe('Afspraak');
    expect(event?.props.get('DTSTART')?.[0]?.value).toBe(`${day(3).replace(/-/g, '')}T193000`);
    expect(event?.props.has('LOCATION')).toBe(false);
    expect(event?.children.find((c) => c.name === 'VALARM')?.props.get('DESCRIPTION')?.[0]?.value).toBe('Afspraak');
    for (const secret of ['oma', 'Truus', 'Jansen', 'Sanne', 'netwerk', 'Mama', 'veilig', 'plan']) expect(neutral.toLowerCase()).not.toContain(secret.toLowerCase());

    // Only when the person chooses, the name of the meeting and the place go in.
    await page.getByLabel('Zet ook "Netwerkberaad" en de plaats erin').check();
    const full = parseIcs(await downloadIcs(page)).children.find((c) => c.name === 'VEVENT');
    expect(full?.props.get('SUMMARY')?.[0]?.value).toBe('Netwerkberaad');
    expect(full?.props.get('LOCATION')?.[0]?.value).toBe('Bij oma Truus thuis');

    // Notifications on this device: a meeting tomorrow gives one, with the neutral word only.
    await page.getByRole('button', { name: 'Meldingen op dit apparaat' }).click();
    await expect.poll(() => due(page).textContent()).toContain('Meldingen staan aan.');
    await meeting(page).getByLabel('Datum').fill(day(1));
    await expect.poll(() => due(page).locator('[data-due="network.due.meetingTomorrow"]').textContent()).toBe('Netwerkberaad morgen 19:30');
    const shown = () => page.evaluate(() => (window as unknown as { shownNotifications: { title: string; body: string }[] }).shownNotifications);
    await expect.poll(async () => (await shown()).length).toBe(1);
    expect(await shown()).toEqual([{ title: 'Afspraak', body: 'Afspraak morgen 19:30' }]);

    // The plan list shows what is due without opening the plan.
    await settle(page);
    await page.getByRole('link', { name: 'Alle plannen' }).first().click();
    const card = page.locator('.plan-card', { hasText: 'Plan familie Jansen' });
    await expect.poll(() => card.getByTestId('plan-card-due').textContent()).toContain('Netwerkberaad morgen 19:30');
    expect(await card.getByTestId('plan-card-due').textContent()).toContain('Nog geen scores. Iedereen geeft een cijfer op de veiligheidsschaal en zegt waarom.');

    // Afterwards: the meeting was yesterday; the plan asks to write it down.
    await card.click();
    await page.locator('.plan-section').first().waitFor();
    await openSection(page, 'monitoring');
    await meeting(page).getByLabel('Datum').fill(day(-1));
    await expect.poll(() => due(page).locator('[data-due="network.due.record"]').count()).toBe(1);
    await meeting(page).locator('.field-text[data-field="present"]').click();
    await page.keyboard.type('Mama, oma Truus');
    await meeting(page).locator('.field-text[data-field="changed"]').click();
    await page.keyboard.type('Oma belt nu twee keer per week.');
    await meeting(page).getByLabel('Volgende netwerkberaad').fill(day(10));
    await expect.poll(() => due(page).locator('[data-due="network.due.record"]').count()).toBe(0);
    await expect.poll(() => due(page).locator('[data-due="network.due.meetingInDays"]').textContent()).toBe('Netwerkberaad over 10 dagen');

    // A score given at the meeting, dated five weeks ago: it points at the meeting and says scores are old.
    await addItem(page, 'safetyScale');
    const score = page.locator('section[data-section="safetyScale"] .plan-item').last();
    const meetingChoice = score.getByLabel('Gegeven op een netwerkberaad?');
    await expect.poll(async () => (await meetingChoice.locator('option').allTextContents()).join('|')).toContain(`${day(-1)} · Bij oma Truus thuis`);
    await meetingChoice.selectOption({ label: `${day(-1)} · Bij oma Truus thuis` });
    await score.getByLabel('Datum').fill(day(-35));
    await expect.poll(() => due(page).locator('[data-due="network.due.scoresOld"]').textContent()).toBe('Scores zijn 5 weken oud');
    await score.getByLabel('Datum').fill(day(-1));
    await expect.poll(() => due(page).locator('[data-due="network.due.scoresOld"]').count()).toBe(0);
    expect(await due(page).locator('[data-due="network.due.noScores"]').count()).toBe(0);

    // Right after the meeting the owner is offered to fix a version, named after the meeting.
    await due(page).getByRole('button', { name: 'Versie vaststellen' }).click();
    const form = due(page).locator('form.rv-fix');
    expect(await form.getByLabel('Naam van de versie').inputValue()).toMatch(/^Na netwerkberaad /);
    expect(await form.getByLabel('Datum').inputValue()).toBe(day(-1));
    await form.getByRole('button', { name: 'Versie vaststellen' }).click();
    await expect.poll(() => page.getByText('Versie 1 is vastgesteld.').count()).toBeGreaterThan(0);
    await page.close();
  });
});
