import { describe, expect, it } from 'vitest';
import { setAsideNotice } from './types';

describe('setAsideNotice', () => {
  it('agrees its verb with the number of leads set aside', () => {
    expect(setAsideNotice(1)).toBe('1 lead outside calling hours was set aside until allowed.');
    expect(setAsideNotice(3)).toBe('3 leads outside calling hours were set aside until allowed.');
  });
});
