import { describe, expect, it } from 'vitest';
import { screenshot, signInPage, watchPage } from '../support/browser';
import { insertLeads } from '../support/dialer-fixture';
import { smallWav, uploadDropAudio } from '../support/drop-audio-fixture';
import { stateIs } from '../support/dialer-page';
import { useSimulatorAppAndBrowser } from '../support/e2e-setup';
import { createCampaign } from '../support/team-fixture';

// An agent in real Chromium reaches an answering machine (AMD off: they hear it), leaves the campaign's voicemail
// message with one key and is free at once: progressive mode dials the next lead by itself.

const START = new Date('2030-01-08T16:00:00Z'); // 11:00 in New York
const bed = useSimulatorAppAndBrowser({
  start: START,
  signingKey: 'e2e-agent-drop-signing-key',
  seed: 15,
  teamName: 'Dropkey',
  stepSeconds: 1,
});
const { elapse } = bed;

describe('the agent voicemail drop key', () => {
  it('leaves the message on an answered call with V and moves on to the next lead at once', async () => {
    const campaignId = await createCampaign(bed.team.owner, bed.team.teamId, {
      name: 'Solar follow-up',
      dialMode: 'progressive',
      amd: false,
      agentMemberIds: [bed.team.agentMemberId],
    });
    const up = await uploadDropAudio(bed.team.owner, bed.team.teamId, campaignId, smallWav(2000), 'Solar callback');
    expect(up.status).toBe(201);
    const chosen = await bed.team.owner.request(
      'PUT',
      `/api/teams/${bed.team.teamId}/campaigns/${campaignId}/drop-messages/chosen`,
      { messageId: up.json.id },
    );
    expect(chosen.status).toBe(200);
    // The first lead's line is an answering machine; the second is a person who stays on.
    const [machineLead] = await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      { phone: '+12125550101', firstName: 'Machine', state: 'NY', timezones: ['America/New_York'] },
    ]);
    await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      { phone: '+12125550100', firstName: 'Grace', state: 'NY', timezones: ['America/New_York'] },
    ]);

    const ctx = await bed.browser.newContext({ baseURL: bed.app.url, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const watch = watchPage(page);
    await signInPage(page, (await bed.team.agent.loadMe()).user.email);
    await page.goto('/app/dialer');
    await stateIs(page, 'Offline');
    await page.getByLabel('Campaign').selectOption({ label: 'Solar follow-up (progressive)' });
    await page.keyboard.press('r');
    // Progressive: the first lead comes up and dials itself.
    await expect.poll(() => page.getByRole('heading', { name: 'Machine', exact: true }).count()).toBe(1);
    await stateIs(page, 'Dialing');
    // Not answered yet: no drop button, and V does nothing.
    const drop = page.getByRole('button', { name: /Leave voicemail message “Solar callback”/ });
    expect(await drop.count()).toBe(0);
    await elapse(5);
    await stateIs(page, 'On call');
    await drop.waitFor();
    await expect.poll(() => page.getByText('Leave the voicemail message').count()).toBe(1);
    await screenshot(page, 'agent-drop-01-answered-machine');

    await page.keyboard.press('v');
    // Freed at once: the next lead is on screen and dialling, while the message plays into the machine.
    await expect.poll(() => page.getByRole('heading', { name: 'Grace', exact: true }).count()).toBe(1);
    await stateIs(page, 'Dialing');
    await screenshot(page, 'agent-drop-02-freed-next-lead');

    await bed.simulator.idle();
    const { rows } = await bed.app.deps.pool.query<{ disposition: string | null; source: string }>(
      `select c.disposition, d.source from calls c join voicemail_drops d on d.call_id = c.id where c.lead_id = $1`,
      [machineLead],
    );
    expect(rows).toEqual([{ disposition: 'voicemail', source: 'agent' }]);
    expect(watch.problems()).toEqual([]);
    await ctx.close();
  });
});
