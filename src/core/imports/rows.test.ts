import { describe, expect, it } from 'vitest';
import type { NormalisedLead } from '../leads';
import { storableLead } from './rows';

const lead = (over: Partial<NormalisedLead> = {}): NormalisedLead => ({
  phone: '+12065550100',
  altPhones: ['+12065550101'],
  severalInOneCell: true,
  firstName: 'Ann',
  lastName: 'Lee',
  email: 'ann@example.com',
  address: null,
  city: 'Seattle',
  state: 'WA',
  zip: '98101',
  notes: null,
  tags: ['web'],
  status: null,
  custom: { source: 'form' },
  timezones: ['America/Los_Angeles'],
  ...over,
});

describe('storableLead (what a file row, an API lead and a drip lead store)', () => {
  it('keeps every field and drops the report-only flag', () => {
    const stored = storableLead(lead());
    expect(stored).toMatchObject({ phone: '+12065550100', altPhones: ['+12065550101'], state: 'WA', status: 'new' });
    expect(stored).not.toHaveProperty('severalInOneCell');
  });

  it('stores a known status as ours and keeps an unknown one in a custom field instead of losing it', () => {
    expect(storableLead(lead({ status: ' Callback ' })).status).toBe('callback');
    const odd = storableLead(lead({ status: 'Hot prospect' }));
    expect(odd.status).toBe('new');
    expect(odd.custom).toEqual({ source: 'form', imported_status: 'Hot prospect' });
  });
});
