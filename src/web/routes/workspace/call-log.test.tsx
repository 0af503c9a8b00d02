// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEAM } from '../../features/dialer/fake-dialer-server';
import { TeamContext } from '../../team';
import { CallPage } from './call-log';

// The call page with its API stubbed at the HTTP level: what it says of one call.

const CALL = {
  id: 'call-1',
  createdAt: '2030-01-08T16:00:00.000Z',
  campaignId: 'campaign-1',
  campaignName: 'Spring',
  agentId: 'agent-1',
  agentName: 'Meg',
  leadId: 'lead-1',
  leadFirstName: 'Ada',
  leadLastName: 'Lovelace',
  dialedNumber: '+13125551001',
  callerId: '+13125550000',
  status: 'completed',
  outcome: 'human',
  amdResult: null,
  disposition: 'not_interested',
  dispositionLabel: 'Not interested',
  notes: null,
  callbackAt: null,
  queuedAt: '2030-01-08T16:00:00.000Z',
  ringingAt: '2030-01-08T16:00:01.000Z',
  answeredAt: '2030-01-08T16:00:05.000Z',
  // 39 s after the answer on our clock; the simulator at speed 10 reported 393 simulated seconds.
  endedAt: '2030-01-08T16:00:44.000Z',
  endInferred: false,
  durationSec: 393,
  record: false,
  complianceDecision: null,
  recordingConsentConfirmed: false,
  safeHarbor: {
    recorded: true,
    ringMs: 4000,
    agentConnectedAt: '2030-01-08T16:00:05.000Z',
    messageAt: null,
    abandoned: false,
  },
  recording: null,
  recordingPlayable: false,
};

function renderCall(call: Record<string, unknown>) {
  vi.stubGlobal('fetch', () => Promise.resolve(new Response(JSON.stringify(call), { status: 200 })));
  return render(
    <TeamContext.Provider value={TEAM}>
      <MemoryRouter initialEntries={['/app/calls/call-1']}>
        <Routes>
          <Route path="/app/calls/:callId" element={<CallPage />} />
        </Routes>
      </MemoryRouter>
    </TeamContext.Provider>,
  );
}

/** The text of the `<dd>` after the `<dt>` named `term`. */
async function fact(term: string): Promise<string | null> {
  const dt = await screen.findByText(term, { selector: 'dt' });
  return dt.nextElementSibling?.textContent ?? null;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the call page', () => {
  it("shows one length for the call: talk time is answered → ended, the carrier's differing count labelled apart", async () => {
    renderCall(CALL);
    expect(await fact('Talk time')).toBe('0:39');
    expect(await fact('Billed by the carrier')).toMatch(/^6:33 /);
  });

  it('says nothing of a billed duration that agrees with the talk time', async () => {
    renderCall({ ...CALL, durationSec: 39 });
    expect(await fact('Talk time')).toBe('0:39');
    expect(screen.queryByText('Billed by the carrier')).toBeNull();
  });

  it("shows the disposition by the campaign's label, not its key", async () => {
    renderCall(CALL);
    expect(await fact('Disposition')).toBe('Not interested');
  });

  it('shows the abandoned-call record: ring time and who took the answer, or the safe-harbor message', async () => {
    renderCall(CALL);
    expect(await fact('Rang')).toBe('4.0 s');
    expect(await fact('Agent connected')).not.toMatch(/abandoned|Not recorded/);
    cleanup();
    renderCall({
      ...CALL,
      safeHarbor: { ...CALL.safeHarbor, agentConnectedAt: null, messageAt: CALL.answeredAt, abandoned: true },
    });
    expect(await fact('Agent connected')).toMatch(
      /^No agent free: the safe-harbor message played at .+ \(abandoned\)$/,
    );
    cleanup();
    renderCall({
      ...CALL,
      safeHarbor: { recorded: false, ringMs: null, agentConnectedAt: null, messageAt: null, abandoned: null },
    });
    expect(await fact('Rang')).toBe('—');
    expect(await fact('Agent connected')).toBe('Not recorded (placed before calls kept this record)');
  });
});
