import { describe, expect, it } from 'vitest';
import {
  callingWindowSchema,
  campaignInputSchema,
  defaultDispositions,
  dispositionsSchema,
  renderScript,
  unknownMergeFields,
} from './campaign';

describe('campaign settings', () => {
  it('fills every default so a name and disclosure make a valid campaign', () => {
    const c = campaignInputSchema.parse({ name: 'Spring', recordingDisclosure: 'Recorded.' });
    expect(c).toMatchObject({
      dialMode: 'preview',
      callingWindow: { rule: 'legal' },
      retryRules: { maxAttempts: 3 },
      agentMemberIds: [],
    });
    expect(c.dispositions).toEqual(defaultDispositions);
  });

  it('keeps a custom window inside the federal 8:00–21:00 and after its own start', () => {
    expect(
      callingWindowSchema.safeParse({ rule: 'custom', start: '09:00', end: '17:30', days: [1, 2, 3, 4, 5] }).success,
    ).toBe(true);
    expect(callingWindowSchema.safeParse({ rule: 'custom', start: '07:59', end: '17:00', days: [1] }).success).toBe(
      false,
    );
    expect(callingWindowSchema.safeParse({ rule: 'custom', start: '09:00', end: '21:01', days: [1] }).success).toBe(
      false,
    );
    expect(callingWindowSchema.safeParse({ rule: 'custom', start: '12:00', end: '12:00', days: [1] }).success).toBe(
      false,
    );
    expect(callingWindowSchema.safeParse({ rule: 'custom', start: '9:00', end: '12:00', days: [1] }).success).toBe(
      false,
    );
    expect(callingWindowSchema.safeParse({ rule: 'custom', start: '09:00', end: '12:00', days: [1, 1] }).success).toBe(
      false,
    );
  });

  it('refuses a disposition that is both final and retried, and duplicate keys or labels', () => {
    expect(dispositionsSchema.safeParse([{ key: 'a', label: 'A', final: true, retry: true }]).success).toBe(false);
    expect(
      dispositionsSchema.safeParse([
        { key: 'a', label: 'A', final: true, retry: false },
        { key: 'b', label: 'a', final: false, retry: true },
      ]).success,
    ).toBe(false);
    expect(dispositionsSchema.safeParse([]).success).toBe(false);
  });

  it('knows the merge fields, including custom.<key>, and renders missing values as empty', () => {
    expect(unknownMergeFields('Hi {{ first_name }} from {{agent_name}}, re {{custom.roof_type}}')).toEqual([]);
    expect(unknownMergeFields('Hi {{firstname}} {{custom.Bad Key}} {{firstname}}')).toEqual([
      'firstname',
      'custom.Bad Key',
    ]);
    expect(renderScript('Hi {{first_name}} {{ last_name }}!', { first_name: 'Ana' })).toBe('Hi Ana !');
  });

  it('needs a disclosure only when the campaign records', () => {
    expect(campaignInputSchema.safeParse({ name: 'Quiet', recordingEnabled: false }).success).toBe(true);
    expect(campaignInputSchema.safeParse({ name: 'Loud', recordingEnabled: true }).success).toBe(false);
  });
});
