import { describe, expect, it } from 'vitest';
import { paceCampaign } from '../../src/app/dialer/pace-campaign';
import { reconcileStaleCalls } from '../../src/app/telephony/reconcile-stale-calls';
import { insertLeads } from '../support/dialer-fixture';
import { usePacerApp } from '../support/pacer-bed';

// Pacer lines that end with nobody on them (decision 0028) leave the lead exactly as an agent's call with that
// outcome would: the attempt counted, the disposition an agent would pick written by the system, the next attempt
// under the campaign's retry rules (final once the attempts are used up), the reservation released, the call on the
// call log. On the carrier simulator's manual clock, through the pacer's own tick.

const START = new Date('2030-01-08T16:00:00Z'); // 11:00 in New York
const MINUTE = 60_000;
// Gaps unlike the dial's provisional next attempt (at least 30 minutes), so the test sees which one the lead got.
const RULES = { maxAttempts: 3, minGapMinutes: { busy: 5, no_answer: 10, voicemail: 20 } };
const { bed, q, clock, elapse, pacedCampaign } = usePacerApp({
  start: START,
  signingKey: 'pacer-lines-test-signing-key',
  seed: 16,
  teamName: 'PacerLines',
});

/** A predictive campaign with 10 Ready agents and a measured history (60 of 100 calls answered an hour ago). */
const campaignWithHistory = (opts: { amd?: boolean } = {}) =>
  pacedCampaign({ agents: 10, dialled: 100, connected: 60, retryRules: RULES, ...opts });

const pace = (campaignId: string) =>
  paceCampaign(bed.app.deps, { teamId: bed.team.teamId, campaignId, holder: 'instance-a' });

type Line = {
  id: string;
  lead_id: string;
  status: string;
  outcome: string | null;
  disposition: string | null;
  notes: string | null;
  disposed_at: Date | null;
  safe_harbor_at: Date | null;
  agent_session_id: string | null;
};
async function lines(campaignId: string) {
  const { rows } = await q<Line>(
    `select id, lead_id, status, outcome, disposition, notes, disposed_at, safe_harbor_at, agent_session_id
     from calls where campaign_id = $1 and lead_id is not null order by created_at, id`,
    [campaignId],
  );
  return rows;
}

type LeadState = {
  id: string;
  phone: string;
  status: string;
  attempts: number;
  last_disposition: string | null;
  next_attempt_at: Date | null;
  reserved_by: string | null;
};
async function leadsOf(campaignId: string) {
  const { rows } = await q<LeadState>(
    `select id, phone, status, attempts, last_disposition, next_attempt_at, reserved_by from leads
     where campaign_id = $1 order by phone`,
    [campaignId],
  );
  return rows;
}

/** Time passes until every line of the campaign has ended (the simulator's plans end them all within a minute). */
async function untilAllEnded(campaignId: string) {
  for (let i = 0; i < 90 && (await lines(campaignId)).some((l) => !isEnded(l.status)); i++) await elapse(1);
  expect((await lines(campaignId)).every((l) => isEnded(l.status))).toBe(true);
}
const isEnded = (status: string) => ['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(status);

const minutesFromNow = (d: Date | null) =>
  d === null ? null : Math.round((d.getTime() - clock.now().getTime()) / MINUTE);

describe('pacer lines nobody took', () => {
  it('no answer, busy and failed: dispositioned by the system, retried by the rules, on the call log', async () => {
    const { campaignId } = await campaignWithHistory();
    // The bed.simulator's test numbers: 0103 rings out, 0102 is busy, 0104 fails.
    await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      { phone: '+12015550103', timezones: ['America/New_York'] },
      { phone: '+12015550102', timezones: ['America/New_York'] },
      { phone: '+12015550104', timezones: ['America/New_York'] },
    ]);
    expect(await pace(campaignId)).toMatchObject({ kind: 'paced', placed: 3 });
    await untilAllEnded(campaignId);
    const ended = await lines(campaignId);
    expect(ended.map((l) => l.disposition)).toEqual([null, null, null]);

    // The next tick (the worker runs one on every call change) dispositions them.
    await pace(campaignId);
    const byNumber = new Map((await leadsOf(campaignId)).map((l) => [l.phone, l]));
    const expected = { '+12015550103': RULES.minGapMinutes.no_answer, '+12015550102': RULES.minGapMinutes.busy };
    for (const [phone, gap] of Object.entries({ ...expected, '+12015550104': RULES.minGapMinutes.no_answer })) {
      const lead = byNumber.get(phone)!;
      expect(lead, phone).toMatchObject({
        status: 'retry',
        attempts: 1,
        last_disposition: 'no_answer',
        reserved_by: null,
      });
      expect(minutesFromNow(lead.next_attempt_at), phone).toBe(gap);
    }
    for (const line of await lines(campaignId)) {
      expect(line).toMatchObject({ disposition: 'no_answer', disposed_at: null, agent_session_id: null });
      expect(line.notes).toMatch(/dispositioned by the system/);
    }

    // The call log shows them with the campaign's label, like any dispositioned call.
    const log = await bed.team.owner.get(`/api/teams/${bed.team.teamId}/call-log?campaignId=${campaignId}`);
    expect(log.status).toBe(200);
    const logged = (log.json.calls as { leadId: string | null; dispositionLabel: string | null }[]).filter(
      (c) => c.leadId !== null,
    );
    expect(logged).toHaveLength(3);
    for (const c of logged) expect(c.dispositionLabel).toBe('No answer');

    // Dispositioned once: another tick changes nothing.
    const before = await leadsOf(campaignId);
    await elapse(1);
    await pace(campaignId);
    expect(await leadsOf(campaignId)).toEqual(before);
  });

  it('makes the lead final once its attempts are used up', async () => {
    const { campaignId } = await campaignWithHistory();
    await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      { phone: '+12025550103', timezones: ['America/New_York'], status: 'retry', attempts: RULES.maxAttempts - 1 },
    ]);
    expect(await pace(campaignId)).toMatchObject({ placed: 1 });
    await untilAllEnded(campaignId);
    await pace(campaignId);
    const [lead] = await leadsOf(campaignId);
    expect(lead).toMatchObject({ status: 'exhausted', attempts: RULES.maxAttempts, last_disposition: 'no_answer' });
    expect(lead!.reserved_by).toBeNull();
  });

  it('a machine (AMD on) nobody was free for: Voicemail, retried after the voicemail gap', async () => {
    const { campaignId } = await campaignWithHistory({ amd: true });
    await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      { phone: '+12035550101', timezones: ['America/New_York'] },
    ]);
    expect(await pace(campaignId)).toMatchObject({ placed: 1 });
    // Every agent steps away before the machine answers: no agent takes the line.
    await q(`update agent_sessions set state = 'paused' where campaign_id = $1`, [campaignId]);
    await untilAllEnded(campaignId);
    await pace(campaignId);
    const [line] = await lines(campaignId);
    expect(line).toMatchObject({ outcome: 'machine', disposition: 'voicemail', agent_session_id: null });
    const [lead] = await leadsOf(campaignId);
    expect(lead).toMatchObject({ status: 'retry', attempts: 1, last_disposition: 'voicemail', reserved_by: null });
    expect(minutesFromNow(lead!.next_attempt_at)).toBe(RULES.minGapMinutes.voicemail);
  });

  it('an abandoned person is counted, retried by the rules and dialled again, not lost', async () => {
    const { campaignId } = await campaignWithHistory();
    await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      { phone: '+12045550100', timezones: ['America/New_York'] },
    ]);
    expect(await pace(campaignId)).toMatchObject({ placed: 1 });
    await q(`update agent_sessions set state = 'paused' where campaign_id = $1`, [campaignId]);
    await untilAllEnded(campaignId);
    await pace(campaignId);
    const [line] = await lines(campaignId);
    expect(line!.safe_harbor_at).not.toBeNull();
    expect(line).toMatchObject({ outcome: 'human', disposition: 'no_answer' });
    expect(line!.notes).toMatch(/safe-harbor/);
    const overview = await bed.team.owner.get(`/api/teams/${bed.team.teamId}/dashboard/campaigns/${campaignId}`);
    expect(overview.json.abandonRate.period).toMatchObject({ liveAnswered: 61, abandoned: 1 });
    const [lead] = await leadsOf(campaignId);
    expect(lead).toMatchObject({ status: 'retry', attempts: 1, reserved_by: null });
    expect(minutesFromNow(lead!.next_attempt_at)).toBe(RULES.minGapMinutes.no_answer);

    // Not due before its gap; once it is, the pacer dials the same person again.
    await q(`update agent_sessions set state = 'ready' where campaign_id = $1`, [campaignId]);
    expect(await pace(campaignId)).toMatchObject({ placed: 0 });
    bed.scheduler.advanceBy(RULES.minGapMinutes.no_answer * MINUTE);
    await bed.simulator.idle();
    await elapse(1);
    expect(await pace(campaignId)).toMatchObject({ placed: 1 });
    const again = await lines(campaignId);
    expect(again).toHaveLength(2);
    expect(again[1]!.lead_id).toBe(lead!.id);
    expect((await leadsOf(campaignId))[0]).toMatchObject({ attempts: 2 });
    // Cancelled while it rings (it would go to a Ready agent this time): that line too is dispositioned.
    const { rows } = await q<{ provider_sid: string }>(`select provider_sid from calls where id = $1`, [again[1]!.id]);
    await bed.app.deps.telephony.hangUp({ providerSid: rows[0]!.provider_sid });
    await untilAllEnded(campaignId);
    await pace(campaignId);
    expect((await lines(campaignId))[1]).toMatchObject({ status: 'canceled', disposition: 'no_answer' });
  });

  it('the stale-call job dispositions the lines of a campaign nobody paces any more', async () => {
    const { campaignId } = await campaignWithHistory();
    await insertLeads(bed.app.deps.pool, bed.team.teamId, campaignId, [
      { phone: '+12055550102', timezones: ['America/New_York'] },
    ]);
    expect(await pace(campaignId)).toMatchObject({ placed: 1 });
    // The last agent leaves while the line rings: the campaign is no longer paced.
    await q(`update agent_sessions set state = 'offline' where campaign_id = $1`, [campaignId]);
    await untilAllEnded(campaignId);
    await reconcileStaleCalls(bed.app.deps);
    expect((await lines(campaignId))[0]!.disposition).toBeNull(); // ended under a minute ago: the pacer's to do
    await elapse(61);
    expect(await reconcileStaleCalls(bed.app.deps)).toMatchObject({ pacerLines: 1 });
    expect((await leadsOf(campaignId))[0]).toMatchObject({ status: 'retry', last_disposition: 'no_answer' });
  });
});
