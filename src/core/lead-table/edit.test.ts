import { describe, expect, it } from 'vitest';
import { diffLead, leadEditSchema } from './edit';

describe('lead edits', () => {
  it('accepts a partial edit, turning blanks into null', () => {
    expect(leadEditSchema.parse({ firstName: '  ', notes: 'Called back' })).toEqual({
      firstName: null,
      notes: 'Called back',
    });
  });
  it('refuses unknown fields, the reserved status and bad custom keys', () => {
    expect(leadEditSchema.safeParse({ attempts: 3 }).success).toBe(false);
    expect(leadEditSchema.safeParse({ status: 'reserved' }).success).toBe(false);
    expect(leadEditSchema.safeParse({ custom: { 'Bad Key': 'x' } }).success).toBe(false);
  });
  it('audits only what changes, by value', () => {
    const before = { firstName: 'Ann', tags: ['a', 'b'], custom: { tier: 'gold' }, email: null };
    expect(
      diffLead(before, { firstName: 'Ann', tags: ['a', 'b'], custom: { tier: 'silver' }, email: 'ann@example.com' }),
    ).toEqual([
      { field: 'custom', oldValue: '{"tier":"gold"}', newValue: '{"tier":"silver"}' },
      { field: 'email', oldValue: null, newValue: 'ann@example.com' },
    ]);
  });
});
