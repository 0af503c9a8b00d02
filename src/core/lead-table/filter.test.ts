import { describe, expect, it } from 'vitest';
import { leadFilterSchema, leadPageSchema, searchTerm } from './filter';

describe('lead table filter', () => {
  it('reads query-string values, treating empty ones as absent', () => {
    expect(
      leadFilterSchema.parse({ campaignId: '', status: ' ', attemptsMin: '2', dnc: 'no', createdFrom: '2026-01-01' }),
    ).toEqual({
      campaignId: undefined,
      status: undefined,
      tag: undefined,
      timezone: undefined,
      disposition: undefined,
      dnc: false,
      attemptsMin: 2,
      attemptsMax: undefined,
      createdFrom: new Date('2026-01-01'),
      createdTo: undefined,
      q: undefined,
    });
    expect(leadFilterSchema.safeParse({ createdTo: 'yesterday-ish' }).success).toBe(false);
  });

  it('caps the offset', () => {
    expect(leadPageSchema.safeParse({ offset: '10001' }).success).toBe(false);
    expect(leadPageSchema.parse({})).toMatchObject({ sort: 'created', dir: 'desc', offset: 0, limit: 50 });
  });

  it('searches phone digits however they were typed, and text otherwise', () => {
    expect(searchTerm('(415) 555-26')).toBe('41555526');
    expect(searchTerm('+1 415.555')).toBe('1415555');
    expect(searchTerm('  Ann Smith ')).toBe('ann smith');
    expect(searchTerm('a')).toBeNull();
    expect(searchTerm('12')).toBe('12');
  });
});
