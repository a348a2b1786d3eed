// Debian's chromium driven by playwright-core (playwright's own browser downloads cannot work
// here). The flags keep a headless root run from reaching for the network.
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readSetting } from '../src/config.ts';

export const CHROMIUM = readSetting('chromiumPath');

/** Why browser tests cannot run here, or false. In CI a missing browser is a failure, not a skip. */
export function browserSkipReason(): string | false {
  if (existsSync(CHROMIUM) || readSetting('ci')) return false;
  return `no chromium at ${CHROMIUM} (apt-get install chromium)`;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * One browser for a test file: launched before its tests, closed after. The getter throws if a
 * test runs without one (it should have been skipped with browserSkipReason()).
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    if (!browserSkipReason()) browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('no browser: the test should have been skipped');
    return browser;
  };
}

/** Signs up through the real form, as a new reader would, and waits for the account page. */
export async function signUp(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/users/new`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('E-mail address').fill(`${username}@example.org`);
  await page.getByLabel('Password').fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/account$/);
}

/**
 * Pastes a story into the new-work form and reads it, as a writer starts; waits for the draft's
 * edit form and returns the work's address.
 */
export async function startDraft(page: Page, base: string, text: string): Promise<string> {
  await page.goto(`${base}/works/new`);
  await page.getByLabel('Text').fill(text);
  await page.getByRole('button', { name: 'Read it and continue' }).click();
  await page.waitForURL(/\/works\/\d+\/edit$/);
  return page.url().replace(/\/edit$/, '');
}

/** Fills the edit form's required fields (fandoms only when given: a test may keep the suggested ones). */
export async function fillRequired(
  page: Page,
  fields: { title: string; rating: string; fandoms?: string },
): Promise<void> {
  await page.getByLabel('Title (required)').fill(fields.title);
  await page.getByLabel('Rating (required)').selectOption(fields.rating);
  await page.getByLabel('No Archive Warnings Apply', { exact: true }).check();
  if (fields.fandoms !== undefined)
    await page.getByLabel('Fandoms (required; separate with commas)').fill(fields.fandoms);
}
