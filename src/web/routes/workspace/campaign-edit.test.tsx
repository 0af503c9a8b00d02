// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TeamContext } from '../../team';
import { CampaignEditPage } from './campaign-edit';

// The campaign settings page with its API stubbed at the HTTP level: the predictive pacing settings.

const TEAM = { id: '00000000-0000-4000-8000-000000000001', name: 'Test team', role: 'admin' as const };
const CAMPAIGN = {
  id: 'campaign-1',
  name: 'Solar',
  description: '',
  dialMode: 'power',
  amd: false,
  callingWindow: { rule: 'legal' },
  retryRules: { maxAttempts: 3, minGapMinutes: { busy: 30, no_answer: 240, voicemail: 1440 } },
  dispositions: [{ key: 'interested', label: 'Interested', final: true, retry: false }],
  script: '',
  recordingEnabled: false,
  recordingDisclosure: '',
  archivedAt: null,
  agents: [],
  maxLinesPerAgent: 2,
  targetAbandonBp: 250,
  safeHarborSeller: '',
  safeHarborCallbackNumber: '',
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPage() {
  const puts: Record<string, unknown>[] = [];
  vi.stubGlobal('fetch', (url: string, init?: RequestInit) => {
    if (init?.method === 'PUT') {
      const body = JSON.parse(String(init.body)) as Record<string, unknown>;
      puts.push(body);
      return Promise.resolve(new Response(JSON.stringify({ ...CAMPAIGN, ...body, agents: [] }), { status: 200 }));
    }
    if (String(url).endsWith('/members')) return Promise.resolve(new Response('{"members":[]}', { status: 200 }));
    if (String(url).endsWith('/drip'))
      return Promise.resolve(
        new Response('{"enabled":false,"tokenPrefix":null,"enabledAt":null,"deliveries":[]}', { status: 200 }),
      );
    return Promise.resolve(new Response(JSON.stringify(CAMPAIGN), { status: 200 }));
  });
  render(
    <TeamContext.Provider value={TEAM}>
      <MemoryRouter initialEntries={['/app/campaigns/campaign-1']}>
        <Routes>
          <Route path="/app/campaigns/:campaignId" element={<CampaignEditPage />} />
        </Routes>
      </MemoryRouter>
    </TeamContext.Provider>,
  );
  return puts;
}

const type = (label: RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('campaign settings: predictive pacing', () => {
  it('shows the pacing settings only for predictive, with their defaults', async () => {
    renderPage();
    await screen.findByLabelText(/^Dial mode/);
    expect(screen.queryByLabelText(/Lines per agent/)).toBeNull();
    type(/^Dial mode/, 'predictive');
    expect((screen.getByLabelText(/Lines per agent/) as HTMLInputElement).value).toBe('2');
    expect((screen.getByLabelText(/Target abandon rate/) as HTMLInputElement).value).toBe('2.5');
  });

  it('checks each field inline and sends nothing until they are right', async () => {
    const puts = renderPage();
    await screen.findByLabelText(/^Dial mode/);
    type(/^Dial mode/, 'predictive');
    type(/Lines per agent/, '7');
    type(/Target abandon rate/, '3.5');
    fireEvent.click(screen.getByRole('button', { name: /save/i }));
    expect(await screen.findByText('Between 1 and 5 lines per agent')).toBeTruthy();
    expect(screen.getByText(/The law allows at most 3 %/)).toBeTruthy();
    expect(screen.getByText(/Name the seller/)).toBeTruthy();
    expect(screen.getByText('Give a number people can call back')).toBeTruthy();
    expect(screen.getByLabelText(/Lines per agent/).getAttribute('aria-invalid')).toBe('true');
    expect(puts).toHaveLength(0);

    // Errors clear as the fields are corrected; the message the person would hear is shown.
    type(/Lines per agent/, '4');
    type(/Target abandon rate/, '2');
    type(/Seller named/, 'Sunny Roofs');
    type(/Call-back number/, '(415) 555-0134');
    await waitFor(() => expect(screen.queryByText('Between 1 and 5 lines per agent')).toBeNull());
    expect(screen.getByTestId('safe-harbor-preview').textContent).toMatch(
      /^Hello, this is Sunny Roofs\. .* 4 1 5 5 5 5 0 1 3 4\./,
    );
    fireEvent.click(screen.getByRole('button', { name: /save/i }));
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]).toMatchObject({
      dialMode: 'predictive',
      maxLinesPerAgent: 4,
      targetAbandonBp: 200,
      safeHarborSeller: 'Sunny Roofs',
      safeHarborCallbackNumber: '(415) 555-0134',
    });
  });

  it('edits the safe-harbor wording with a live preview, checks it inline, and saves it with the call-back routing', async () => {
    const puts = renderPage();
    await screen.findByLabelText(/^Dial mode/);
    type(/^Dial mode/, 'predictive');
    type(/Seller named/, 'Sunny Roofs');
    type(/Call-back number/, '+1 415 555 0134');
    type(/Message a person hears/, 'This was {{seller}}.');
    fireEvent.click(screen.getByRole('button', { name: /save/i }));
    expect(
      await screen.findByText(
        'Keep {{callback_number}} in the message: the law requires a number people can call back',
      ),
    ).toBeTruthy();
    expect(screen.getByLabelText(/Message a person hears/).getAttribute('aria-invalid')).toBe('true');
    expect(puts).toHaveLength(0);

    type(/Message a person hears/, 'This was {{seller}}. Call {{callback_number}} to stop our calls.');
    expect(screen.getByTestId('safe-harbor-preview').textContent).toBe(
      'This was Sunny Roofs. Call 4 1 5 5 5 5 0 1 3 4 to stop our calls.',
    );
    type(/Calls back in go to/, 'any_ready_agent');
    fireEvent.click(screen.getByRole('button', { name: /save/i }));
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]).toMatchObject({
      safeHarborTemplate: 'This was {{seller}}. Call {{callback_number}} to stop our calls.',
      callbackRouting: 'any_ready_agent',
    });
  });
});
