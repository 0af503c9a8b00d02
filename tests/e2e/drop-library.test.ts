import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signInPage, watchPage } from '../support/browser';
import { smallWav } from '../support/drop-audio-fixture';
import { startAppAndBrowser, stopAppAndBrowser } from '../support/e2e-setup';
import { createCampaign, createTeamWithAgent, type TeamFixture } from '../support/team-fixture';
import type { TestApp } from '../support/test-app';

// An admin keeps a campaign's voicemail-drop library on its settings page, in real Chromium: a refused file is
// explained beside the field, a recording is uploaded and previewed, a text message is added, one is chosen, and a
// message is deleted.

const NOW = new Date('2030-01-08T16:00:00Z');
let app: TestApp;
let browser: Browser;
let team: TeamFixture;

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser({ clock: { now: () => NOW }, env: { JOBS_IN_PROCESS: 'false' } }));
  team = await createTeamWithAgent(app, 'Library');
});
afterAll(() => stopAppAndBrowser(app, browser));

describe('the voicemail drop library', () => {
  it('uploads, refuses, adds text, previews, chooses and deletes on the campaign settings page', async () => {
    const campaignId = await createCampaign(team.owner, team.teamId, { name: 'Spring', dialMode: 'progressive' });
    const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 1000 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    page.on('dialog', (d) => void d.accept());
    await signInPage(page, (await team.owner.loadMe()).user.email);
    await page.goto(`/app/campaigns/${campaignId}`);
    const panel = page.getByRole('region', { name: 'Voicemail drop' });
    await panel.getByRole('radio', { name: /None/ }).waitFor();
    const uploadForm = panel.getByRole('form', { name: 'Upload a recording' });
    const textForm = panel.getByRole('form', { name: 'Add a text message' });

    // A CSV named .wav is refused by its bytes; the server's reason shows under the file field.
    await uploadForm.getByLabel('Name').fill('Spring offer');
    const file = uploadForm.getByLabel(/WAV or MP3 file/);
    await file.setInputFiles({ name: 'offer.wav', mimeType: 'audio/wav', buffer: Buffer.from('a,b\n1,2\n') });
    await uploadForm.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => uploadForm.getByText(/not a WAV or MP3/).count()).toBe(1);
    expect(await file.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'drop-library-01-file-refused');

    await file.setInputFiles({ name: 'offer.wav', mimeType: 'audio/wav', buffer: smallWav(1500) });
    await uploadForm.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => panel.getByText('Recording “Spring offer” added.').count()).toBe(1);
    // The preview plays through the library's session route.
    const player = panel.getByLabel('Preview “Spring offer”');
    const src = await player.getAttribute('src');
    expect(src).toMatch(/\/drop-messages\/[0-9a-f-]{36}\/audio$/);
    const preview = await page.evaluate(async (url) => {
      const res = await fetch(url!);
      return { status: res.status, type: res.headers.get('content-type') };
    }, src);
    expect(preview).toEqual({ status: 200, type: 'audio/wav' });

    // The text form says what is missing before anything is sent.
    await textForm.getByRole('button', { name: 'Add message' }).click();
    await expect.poll(() => textForm.getByText('Give the message a name').count()).toBe(1);
    await expect.poll(() => textForm.getByText('Write the words to read').count()).toBe(1);
    await textForm.getByLabel('Name').fill('Old wording');
    await textForm.getByLabel('Words to read').fill('Hello, please call us.');
    await textForm.getByRole('button', { name: 'Add message' }).click();
    await expect.poll(() => panel.getByText('Message “Old wording” added.').count()).toBe(1);
    await textForm.getByLabel('Name').fill('Read aloud');
    await textForm
      .getByLabel('Words to read')
      .fill('Hi, this is Library calling about your spring quote. Call 415 555 0134.');
    await textForm.getByRole('button', { name: 'Add message' }).click();
    await expect.poll(() => panel.getByText('Message “Read aloud” added.').count()).toBe(1);

    await panel.getByRole('button', { name: 'Delete “Old wording”' }).click();
    await expect.poll(() => panel.getByText('“Old wording” deleted.').count()).toBe(1);
    await expect.poll(() => panel.getByRole('radio', { name: /Old wording/ }).count()).toBe(0);

    // The choice is the server's: the radio shows it once saved.
    await panel.getByRole('radio', { name: /Read aloud/ }).click();
    await expect.poll(() => panel.getByText('Drop message chosen.').count()).toBe(1);
    await expect.poll(() => panel.getByRole('radio', { name: /Read aloud/ }).isChecked()).toBe(true);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'drop-library-02-recording-and-text-chosen');

    const library = await team.owner.get(`/api/teams/${team.teamId}/campaigns/${campaignId}/drop-messages`);
    const shown = (library.json as { messages: { name: string; kind: string; chosen: boolean }[] }).messages
      .map((m) => [m.name, m.kind, m.chosen])
      .sort();
    expect(shown).toEqual([
      ['Read aloud', 'tts', true],
      ['Spring offer', 'audio', false],
    ]);
    // The one refused upload is the only failed request.
    expect(watch.problems()).toEqual([
      'console: Failed to load resource: the server responded with a status of 415 (Unsupported Media Type)',
    ]);
    await ctx.close();
  });
});
