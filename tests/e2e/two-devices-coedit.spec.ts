import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { startAppServer, startNetworkGate, type AppServer, type NetworkGate } from '../support/app-server.ts';
import { createPlan, fieldOf } from './app-driver.ts';
import { decodeQrCode, openShareAndInvite, planText, until, waitWithin } from './share-driver.ts';

/**
 * Two devices, each its own Chromium with its own storage, against one app server and relay.
 * Device B reaches the server through a gate, so that going offline really drops its connection.
 */
let server: AppServer;
let gate: NetworkGate;
let deviceA: TestBrowser;
let deviceB: TestBrowser;
const consoleLines: string[] = [];

beforeAll(async () => {
  server = await startAppServer();
  gate = await startNetworkGate(server);
  deviceA = await launchBrowser();
  deviceB = await launchBrowser();
});
afterAll(async () => {
  await deviceA?.close();
  await deviceB?.close();
  await gate?.close();
  await server?.close();
});

/** The caret label another device shows in this page's editor. */
const caretLabel = (page: Page, name: string) => page.locator('.plan-editor .collaboration-carets__label', { hasText: name });

const syncKind = (p: Page) => p.locator('.sync-status').getAttribute('data-sync');

/** What both devices show, for a failure message. */
async function both(a: Page, b: Page): Promise<string> {
  const one = async (p: Page) => `field "${await fieldOf(p, 'header', 0, 0).textContent()}", ${await p.locator('.sync-status').textContent()} (${await p.locator('.sync-status').getAttribute('data-code')})`;
  const relay = server.logLines().filter((l) => /refused|failed|reacked|overflow|rate-limited/.test(l));
  return `A: ${await one(a)}; B: ${await one(b)}; page console: ${consoleLines.join(' | ')}; relay: ${relay.join(' | ')}`;
}

describe('two devices co-edit one plan', () => {
  it('A shares, B joins by link, both type in one section and see text and caret; B edits offline and both end identical', async () => {
    const a = await deviceA.context.newPage();
    const b = await deviceB.context.newPage();
    const errors: string[] = [];
    a.on('pageerror', (e) => errors.push(`A: ${e.message}`));
    b.on('pageerror', (e) => errors.push(`B: ${e.message}`));
    a.on('console', (m) => m.type() !== 'info' && consoleLines.push(`A ${m.type()}: ${m.text()}`));
    b.on('console', (m) => m.type() !== 'info' && consoleLines.push(`B ${m.type()}: ${m.text()}`));

    // Device A makes a plan and an invite; the QR code scans to the same link.
    await a.goto(server.url);
    await createPlan(a, 'Veiligheidsplan familie Jansen', 'Sanne');
    const link = await openShareAndInvite(a);
    expect(link).toMatch(new RegExp(`^${server.url}#/join/[A-Za-z0-9_-]+#invite=[A-Za-z0-9_-]+$`));
    expect(await decodeQrCode(a)).toBe(link);
    await a.screenshot({ path: '/tmp/safeplan-share-screen.png' });

    // Device B opens the link (the fragment carries the secret) and joins with a name.
    await b.goto(gate.url + new URL(link).hash);
    await b.getByRole('heading', { name: 'Je bent uitgenodigd voor een veiligheidsplan' }).waitFor();
    await b.screenshot({ path: '/tmp/safeplan-join-screen.png' });
    await b.getByLabel('Jouw naam').fill('Bram');
    await b.getByRole('button', { name: 'Meedoen' }).click();
    await b.locator('.plan-section').first().waitFor({ timeout: 20_000 });
    expect(new URL(b.url()).hash).not.toContain('invite=');

    // Both screens show the same code to compare aloud.
    const joinerCode = await b.locator('.verify .verify-code').getAttribute('data-code', { timeout: 10_000 });
    const ownerCode = await a.locator('.share-panel .verify-code').getAttribute('data-code', { timeout: 10_000 });
    expect(joinerCode).toMatch(/^\d{3} \d{3}$/);
    expect(ownerCode).toBe(joinerCode);
    const joinedNote = () => a.locator('.share-panel .verify').textContent();
    await until('A sees that Bram joined', 10_000, async () => (await joinedNote())?.includes('Bram doet mee.') ?? false, async () => `${await joinedNote()}; ${await both(a, b)}`);
    // The link works once: now that Bram used it, its QR code and link are gone, a line says so,
    // and a new invite is one tap away.
    const usedLine = a.locator('.share-panel .members-invite-used');
    await until('A sees that the invite was used', 10_000, async () => (await usedLine.count()) === 1, async () => `${await a.locator('.share-panel').textContent()}`);
    expect(await usedLine.textContent()).toBe('Deze uitnodiging is gebruikt. De link en de QR-code werken niet meer.');
    expect(await a.locator('.share-panel .qr-code, .share-panel #share-invite-link').count()).toBe(0);
    expect(await a.locator('.share-panel').getByRole('button', { name: 'Nog iemand uitnodigen' }).isVisible()).toBe(true);
    await a.screenshot({ path: '/tmp/safeplan-share-screen-joined.png' });
    await b.screenshot({ path: '/tmp/safeplan-joined-code.png' });
    await b.getByRole('button', { name: 'De code klopt' }).click();
    await until('B is synced after joining', 15_000, async () => (await syncKind(b)) === 'synced', () => both(a, b));

    // Who is here: each sees the other's name.
    await a.locator('.presence-person', { hasText: 'Bram' }).waitFor({ timeout: 10_000 });
    await b.locator('.presence-person', { hasText: 'Sanne' }).waitFor({ timeout: 10_000 });

    // Both type in the same field of the same section; each sees the other's text and caret.
    const shared = (page: Page) => fieldOf(page, 'header', 0, 0);
    await shared(a).click();
    await a.keyboard.type('Familie Jansen');
    const aText = await waitWithin('B sees A\'s text', 1000, async () => (await shared(b).textContent())?.includes('Familie Jansen') ?? false, () => both(a, b));
    expect(aText).toBeLessThan(1000);
    const aCaret = await waitWithin('B sees A\'s caret', 1000, async () => (await caretLabel(b, 'Sanne').count()) > 0, () => both(a, b));
    expect(aCaret).toBeLessThan(1000);

    await shared(b).click();
    await b.keyboard.press('End');
    await b.keyboard.type(' en Bram');
    const bText = await waitWithin('A sees B\'s text', 1000, async () => (await shared(a).textContent())?.includes('en Bram') ?? false, () => both(a, b));
    expect(bText).toBeLessThan(1000);
    const bCaret = await waitWithin('A sees B\'s caret', 1000, async () => (await caretLabel(a, 'Bram').count()) > 0, () => both(a, b));
    expect(bCaret).toBeLessThan(1000);

    // B loses the connection and keeps writing; A writes too, elsewhere.
    gate.cut();
    await deviceB.context.setOffline(true);
    await until('B shows it is offline', 10_000, async () => (await syncKind(b)) === 'offline', () => both(a, b));
    await b.keyboard.type(', offline geschreven');
    await fieldOf(b, 'monitoring', 0, 0).click();
    await b.keyboard.type('Oma kijkt mee');
    await expect.poll(() => b.locator('.sync-status').textContent(), { timeout: 5000 }).toMatch(/Geen verbinding\. Nog niet gedeeld sinds \d{2}:\d{2}\./);
    await fieldOf(a, 'monitoring', 0, 1).click();
    await a.keyboard.type('Elke week');

    // Back online: the waiting changes go out, and both devices hold the same plan.
    gate.restore();
    await deviceB.context.setOffline(false);
    await until('B is synced again', 45_000, async () => (await syncKind(b)) === 'synced', () => both(a, b));
    await until('both hold the same plan', 10_000, async () => JSON.stringify(await planText(a)) === JSON.stringify(await planText(b)), async () =>
      `${await both(a, b)}; A: ${JSON.stringify(await planText(a))}; B: ${JSON.stringify(await planText(b))}`,
    );
    const final = await planText(a);
    expect(final).toContain('Familie Jansen en Bram, offline geschreven');
    expect(final).toContain('Oma kijkt mee');
    expect(final).toContain('Elke week');
    expect(errors).toEqual([]);
  }, 150_000);
});
