import { describe, expect, it } from 'vitest';
import { campaignInputSchema } from '../campaigns/campaign';
import {
  DEFAULT_SAFE_HARBOR_TEMPLATE,
  MAX_SAFE_HARBOR_TEMPLATE_CHARS,
  renderSafeHarbor,
  safeHarborTemplateProblem,
} from './safe-harbor-template';

describe('safeHarborTemplateProblem', () => {
  it('accepts the default, an empty template (the default) and a reworded one with both fields', () => {
    expect(safeHarborTemplateProblem(DEFAULT_SAFE_HARBOR_TEMPLATE)).toBeNull();
    expect(safeHarborTemplateProblem('   ')).toBeNull();
    expect(safeHarborTemplateProblem('Hi, {{ seller }} here. Call {{callback_number}} back.')).toBeNull();
  });

  it('says which required field is missing', () => {
    expect(safeHarborTemplateProblem('Call us at {{callback_number}}.')).toBe(
      "Keep {{seller}} in the message: the law requires the seller's name",
    );
    expect(safeHarborTemplateProblem('This is {{seller}}.')).toBe(
      'Keep {{callback_number}} in the message: the law requires a number people can call back',
    );
  });

  it('names unknown fields', () => {
    expect(safeHarborTemplateProblem('{{seller}} {{callback_number}} {{first_name}}')).toBe(
      'Unknown field {{first_name}}: use {{seller}} and {{callback_number}}',
    );
  });

  it('refuses a message too long to play in full', () => {
    const long = `{{seller}} {{callback_number}} ${'a'.repeat(MAX_SAFE_HARBOR_TEMPLATE_CHARS)}`;
    expect(safeHarborTemplateProblem(long)).toBe(
      `Keep the message to ${MAX_SAFE_HARBOR_TEMPLATE_CHARS} characters so it plays in full (now ${long.length})`,
    );
  });
});

describe('renderSafeHarbor', () => {
  it('fills the seller and reads the number digit by digit', () => {
    expect(renderSafeHarbor('{{seller}} called. Ring {{ callback_number }}.', 'Sunny Roofs', '+14155550134')).toBe(
      'Sunny Roofs called. Ring 4 1 5 5 5 5 0 1 3 4.',
    );
  });

  it('drops the punctuation of a number as typed in the form', () => {
    expect(renderSafeHarbor('{{seller}} {{callback_number}}', 'S', '(415) 555-0134')).toBe('S 4 1 5 5 5 5 0 1 3 4');
  });

  it('uses the default wording for an empty template', () => {
    expect(renderSafeHarbor('', 'Sunny Roofs', '+14155550134')).toBe(
      'Hello, this is Sunny Roofs. We called you but no one was free to take the call. To reach us, or to ask us not ' +
        'to call again, please call 4 1 5 5 5 5 0 1 3 4. Thank you.',
    );
  });
});

describe('campaign settings', () => {
  const base = { name: 'Roofs', recordingEnabled: false };
  it('keep the default template and call-back routing for a campaign that sets neither', () => {
    const c = campaignInputSchema.parse(base);
    expect(c.safeHarborTemplate).toBe('');
    expect(c.callbackRouting).toBe('last_agent_first');
  });

  it('put a template problem on its field', () => {
    const r = campaignInputSchema.safeParse({ ...base, safeHarborTemplate: 'Call {{callback_number}}' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['safeHarborTemplate', "Keep {{seller}} in the message: the law requires the seller's name"],
    ]);
  });

  it('refuse an unknown call-back routing', () => {
    expect(campaignInputSchema.safeParse({ ...base, callbackRouting: 'round_robin' }).success).toBe(false);
    expect(campaignInputSchema.parse({ ...base, callbackRouting: 'message_only' }).callbackRouting).toBe(
      'message_only',
    );
  });
});
