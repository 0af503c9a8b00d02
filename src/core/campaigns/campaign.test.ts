import { describe, expect, it } from 'vitest';
import {
  callingWindowSchema,
  campaignInputSchema,
  defaultDispositions,
  dispositionsSchema,
  renderScript,
  safeHarborMessage,
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

describe('predictive pacing settings', () => {
  const disclosed = { name: 'Solar', recordingDisclosure: 'This call may be recorded.' };
  const fieldErrors = (raw: object) => {
    const r = campaignInputSchema.safeParse(raw);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
  };

  it('defaults to two lines per agent and a 2.5 % target, with no message, so other modes are unchanged', () => {
    expect(campaignInputSchema.parse({ ...disclosed, dialMode: 'power' })).toMatchObject({
      maxLinesPerAgent: 2,
      targetAbandonBp: 250,
      safeHarborSeller: '',
      safeHarborCallbackNumber: '',
    });
  });

  it('keeps max lines per agent within 1–5 and the target within the 3 % the law allows', () => {
    expect(fieldErrors({ ...disclosed, maxLinesPerAgent: 6 })).toEqual({
      maxLinesPerAgent: 'At most 5 lines per agent',
    });
    expect(fieldErrors({ ...disclosed, maxLinesPerAgent: 0 })).toEqual({
      maxLinesPerAgent: 'At least 1 line per agent',
    });
    expect(fieldErrors({ ...disclosed, maxLinesPerAgent: 2.5 })).toEqual({
      maxLinesPerAgent: 'Use a whole number of lines',
    });
    expect(fieldErrors({ ...disclosed, targetAbandonBp: 301 })).toEqual({
      targetAbandonBp: 'The law allows at most 3 % abandoned calls: aim at 3 % or less',
    });
    expect(fieldErrors({ ...disclosed, targetAbandonBp: 300, maxLinesPerAgent: 5 })).toEqual({});
  });

  it('asks a predictive campaign for the seller and a call-back number', () => {
    expect(fieldErrors({ ...disclosed, dialMode: 'predictive' })).toEqual({
      safeHarborSeller: 'Predictive campaigns name the seller in the message a person hears when no agent is free',
      safeHarborCallbackNumber: 'Predictive campaigns give a number people can call back in that message',
    });
    expect(
      fieldErrors({
        ...disclosed,
        dialMode: 'predictive',
        safeHarborSeller: '  Sunny Roofs  ',
        safeHarborCallbackNumber: '415 555 0134',
      }),
    ).toEqual({});
  });

  it('words the safe-harbor message with the seller and the number digit by digit', () => {
    expect(safeHarborMessage('Sunny Roofs', '+14155550134')).toBe(
      'Hello, this is Sunny Roofs. We called you but no one was free to take the call. To reach us, or to ask us not ' +
        'to call again, please call 4 1 5 5 5 5 0 1 3 4. Thank you.',
    );
  });
});
