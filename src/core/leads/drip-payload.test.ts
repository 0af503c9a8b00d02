import { describe, expect, it } from 'vitest';
import { takeConsent } from './consent';
import { applyDripMapping, leadsFromPayload } from './drip-payload';

describe('drip payloads', () => {
  it('takes one lead, an array, or an array under a wrapper key', () => {
    expect(leadsFromPayload({ phone: '1' })).toEqual({ ok: true, leads: [{ phone: '1' }] });
    expect(leadsFromPayload([{ phone: '1' }, { phone: '2' }])).toMatchObject({ ok: true, leads: [{}, {}] });
    expect(leadsFromPayload({ leads: [{ phone: '1' }], source: 'vendor' })).toEqual({
      ok: true,
      leads: [{ phone: '1' }],
    });
    expect(leadsFromPayload({ Data: [{ phone: '1' }] })).toEqual({ ok: true, leads: [{ phone: '1' }] });
    expect(leadsFromPayload({ lead: { phone: '1' } })).toEqual({ ok: true, leads: [{ phone: '1' }] });
  });

  it('refuses no leads, non-lead JSON and more than 1,000 leads', () => {
    expect(leadsFromPayload([])).toMatchObject({ ok: false, reason: 'empty' });
    expect(leadsFromPayload('text')).toMatchObject({ ok: false, reason: 'not_leads' });
    expect(leadsFromPayload(null)).toMatchObject({ ok: false, reason: 'not_leads' });
    expect(leadsFromPayload(Array.from({ length: 1000 }, () => ({})))).toMatchObject({ ok: true });
    expect(leadsFromPayload({ leads: Array.from({ length: 1001 }, () => ({})) })).toMatchObject({
      ok: false,
      reason: 'too_many',
      count: 1001,
    });
  });

  it('renames keys by the saved mapping, as headers are compared, and drops ignored ones', () => {
    const mapped = applyDripMapping(
      { 'Prospect Phone': '1', internal_id: 'x', keep: 'y' },
      { prospectPhone: 'phone', 'Internal ID': 'ignore' },
    );
    expect(mapped).toEqual({ phone: '1', keep: 'y' });
  });
});

describe('consent fields', () => {
  it('become a consent record and leave the lead', () => {
    const { lead, consent } = takeConsent({
      phone: '1',
      consent_date: '2026-12-01T10:00:00Z',
      optInSource: 'https://example.com/form',
      xxTrustedFormCertUrl: 'https://cert.trustedform.com/abc',
    });
    expect(lead).toEqual({ phone: '1' });
    expect(consent).toEqual({
      consentedAt: new Date('2026-12-01T10:00:00Z'),
      source: 'https://example.com/form',
      proofUrl: 'https://cert.trustedform.com/abc',
    });
  });

  it('is absent when the lead carries none, and an unreadable date is kept as unknown', () => {
    expect(takeConsent({ phone: '1' }).consent).toBeNull();
    expect(takeConsent({ phone: '1', consentDate: 'yesterday', jornaya_lead_id: 'LID-1' }).consent).toEqual({
      consentedAt: null,
      source: null,
      proofUrl: 'LID-1',
    });
  });
});
