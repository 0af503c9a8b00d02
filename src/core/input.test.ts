import { describe, expect, it } from 'vitest';
import { boundedDate, dateInRange } from './input';

describe('input schemas', () => {
  it('refuses dates JavaScript accepts but PostgreSQL cannot store', () => {
    expect(boundedDate().safeParse('-271821-04-20').success).toBe(false);
    expect(boundedDate().safeParse('275760-09-13').success).toBe(false);
    expect(boundedDate().safeParse('not a date').success).toBe(false);
    expect(boundedDate().parse('2026-12-01')).toEqual(new Date('2026-12-01T00:00:00Z'));
    expect(dateInRange('-271821-04-20')).toBeUndefined();
    expect(dateInRange('2026-12-01T10:00:00Z')).toEqual(new Date('2026-12-01T10:00:00Z'));
  });
});
