import { describe, expect, it } from 'vitest';
import { isUuid } from './ids';

describe('isUuid', () => {
  it('takes a UUID in either case and nothing else', () => {
    expect(isUuid('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d')).toBe(true);
    expect(isUuid('0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D')).toBe(true);
    for (const bad of [
      '',
      'abc',
      '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d ',
      '0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d',
      "1' or '1'='1",
    ])
      expect(isUuid(bad)).toBe(false);
  });
});
