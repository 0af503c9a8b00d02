import { z } from 'zod';
import { DEFAULT_TARGET_BP, MAX_TARGET_BP } from '../compliance/abandon-governor';
import { MAX_LINES_PER_AGENT, MIN_LINES_PER_AGENT } from '../dialer/pacer';
import { renderSafeHarbor, safeHarborTemplateProblem } from '../compliance/safe-harbor-template';

// A campaign's settings as data: the dialer issue reads them (dial mode, window, retry rules,
// dispositions, script, recording); this module owns their shape, defaults and validation.

export const dialModes = ['preview', 'power', 'progressive', 'predictive'] as const;
export type DialMode = (typeof dialModes)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time such as 09:00');
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

// The federal window (TCPA: 8:00–21:00 callee-local) bounds any custom window: a campaign may be
// stricter, never looser. State rules still apply on top (core/compliance).
const FEDERAL_START = '08:00';
const FEDERAL_END = '21:00';

export const callingWindowSchema = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('legal') }),
  z
    .object({
      rule: z.literal('custom'),
      start: hhmm,
      end: hhmm,
      // ISO weekdays the campaign calls on (1 = Monday … 7 = Sunday), in the callee's local time.
      days: z.array(z.number().int().min(1).max(7)).min(1, 'Pick at least one day').max(7),
    })
    .superRefine((w, ctx) => {
      if (minutes(w.start) >= minutes(w.end))
        ctx.addIssue({ code: 'custom', path: ['end'], message: 'The window must end after it starts' });
      if (minutes(w.start) < minutes(FEDERAL_START))
        ctx.addIssue({
          code: 'custom',
          path: ['start'],
          message: `Calls may not start before ${FEDERAL_START} local time (TCPA)`,
        });
      if (minutes(w.end) > minutes(FEDERAL_END))
        ctx.addIssue({
          code: 'custom',
          path: ['end'],
          message: `Calls may not go past ${FEDERAL_END} local time (TCPA)`,
        });
      if (new Set(w.days).size !== w.days.length)
        ctx.addIssue({ code: 'custom', path: ['days'], message: 'A day is listed twice' });
    }),
]);
export type CallingWindow = z.infer<typeof callingWindowSchema>;

const gap = z
  .number()
  .int()
  .min(0, 'Cannot be negative')
  .max(60 * 24 * 30, 'At most 30 days');
export const retryRulesSchema = z.object({
  maxAttempts: z.number().int().min(1, 'At least 1 attempt').max(50, 'At most 50 attempts'),
  // Minimum minutes before the next attempt, per outcome of the last one.
  minGapMinutes: z.object({ busy: gap, no_answer: gap, voicemail: gap }),
});
export type RetryRules = z.infer<typeof retryRulesSchema>;

export const dispositionSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Lower-case letters, digits and _ (e.g. not_interested)'),
    label: z.string().trim().min(1, 'Give the disposition a label').max(60),
    // final: the lead is done with; retry: the lead is called again under the retry rules.
    final: z.boolean(),
    retry: z.boolean(),
  })
  .refine((d) => !(d.final && d.retry), { message: 'A disposition is final or retried, not both', path: ['retry'] });
export type Disposition = z.infer<typeof dispositionSchema>;

export const dispositionsSchema = z
  .array(dispositionSchema)
  .min(1, 'Keep at least one disposition')
  .max(40, 'At most 40 dispositions')
  .superRefine((list, ctx) => {
    const keys = new Set<string>();
    const labels = new Set<string>();
    list.forEach((d, i) => {
      if (keys.has(d.key))
        ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `The key "${d.key}" is used twice` });
      const label = d.label.toLowerCase();
      if (labels.has(label))
        ctx.addIssue({ code: 'custom', path: [i, 'label'], message: `The label "${d.label}" is used twice` });
      keys.add(d.key);
      labels.add(label);
    });
  });

/** The issue's default set; "do_not_call" is the key the dialer uses to add a number to the DNC list. */
export const defaultDispositions: Disposition[] = [
  { key: 'interested', label: 'Interested', final: true, retry: false },
  { key: 'not_interested', label: 'Not interested', final: true, retry: false },
  { key: 'callback', label: 'Callback', final: false, retry: false },
  { key: 'voicemail', label: 'Voicemail', final: false, retry: true },
  { key: 'wrong_number', label: 'Wrong number', final: true, retry: false },
  { key: 'do_not_call', label: 'Do not call', final: true, retry: false },
  { key: 'no_answer', label: 'No answer', final: false, retry: true },
];

export const defaultRetryRules: RetryRules = {
  maxAttempts: 3,
  minGapMinutes: { busy: 30, no_answer: 240, voicemail: 1440 },
};
export const defaultCallingWindow: CallingWindow = { rule: 'legal' };
/** Two lines per agent: a cautious start; the governor, not this cap, is what keeps abandons legal. */
export const DEFAULT_MAX_LINES_PER_AGENT = 2;

/** The safe-harbor message's words in our default wording (see safe-harbor-template.ts for a campaign's own). */
export function safeHarborMessage(seller: string, callbackNumber: string): string {
  return renderSafeHarbor('', seller, callbackNumber);
}

/**
 * Who takes a call back into the team's numbers (decision 0026): the agent who last called the caller, else any
 * Ready agent of the campaign (the default, as before); any Ready agent of the campaign; or nobody — the caller goes
 * straight to the message with the opt-out key.
 */
export const callbackRoutings = ['last_agent_first', 'any_ready_agent', 'message_only'] as const;
export type CallbackRouting = (typeof callbackRoutings)[number];

/** Merge fields an agent script may use; `custom.<key>` reads a lead's custom field. */
export const scriptFields = [
  'first_name',
  'last_name',
  'full_name',
  'phone',
  'email',
  'address',
  'city',
  'state',
  'zip',
  'agent_name',
  'campaign_name',
] as const;
const MERGE_FIELD = /\{\{\s*([^{}]*?)\s*\}\}/g;
const CUSTOM_FIELD = /^custom\.[a-z0-9][a-z0-9_]{0,63}$/;

/** Merge fields in `script` that are not known: each is reported so the form can say which. */
export function unknownMergeFields(script: string): string[] {
  const unknown: string[] = [];
  for (const m of script.matchAll(MERGE_FIELD)) {
    const name = m[1] ?? '';
    if (!(scriptFields as readonly string[]).includes(name) && !CUSTOM_FIELD.test(name)) unknown.push(name);
  }
  return [...new Set(unknown)];
}

/** Fills a script's merge fields; a missing value renders as an empty string, never as "undefined". */
export function renderScript(script: string, values: Readonly<Record<string, string | null | undefined>>): string {
  return script.replace(MERGE_FIELD, (_all, name: string) => values[name.trim()] ?? '');
}

export const campaignInputSchema = z
  .object({
    name: z.string().trim().min(2, 'Name needs at least 2 characters').max(100, 'At most 100 characters'),
    description: z.string().trim().max(2000, 'At most 2,000 characters').default(''),
    dialMode: z.enum(dialModes).default('preview'),
    callingWindow: callingWindowSchema.default(defaultCallingWindow),
    retryRules: retryRulesSchema.default(defaultRetryRules),
    dispositions: dispositionsSchema.default(defaultDispositions),
    script: z.string().max(20_000, 'At most 20,000 characters').default(''),
    recordingEnabled: z.boolean().default(true),
    recordingDisclosure: z.string().trim().max(1000, 'At most 1,000 characters').default(''),
    // Answering-machine detection: off unless the campaign asks (it hangs up on some people).
    amd: z.boolean().default(false),
    // Predictive pacing; ignored by the other modes (decision 0015).
    maxLinesPerAgent: z
      .number()
      .int('Use a whole number of lines')
      .min(MIN_LINES_PER_AGENT, `At least ${MIN_LINES_PER_AGENT} line per agent`)
      .max(MAX_LINES_PER_AGENT, `At most ${MAX_LINES_PER_AGENT} lines per agent`)
      .default(DEFAULT_MAX_LINES_PER_AGENT),
    targetAbandonBp: z
      .number()
      .int('Use whole basis points (250 = 2.5 %)')
      .min(1, 'Aim for at least 0.01 %')
      .max(MAX_TARGET_BP, 'The law allows at most 3 % abandoned calls: aim at 3 % or less')
      .default(DEFAULT_TARGET_BP),
    safeHarborSeller: z.string().trim().max(100, 'At most 100 characters').default(''),
    // Checked and turned into E.164 by the use-case (the phone library is too big for this module's browser users).
    safeHarborCallbackNumber: z.string().trim().max(40, 'At most 40 characters').default(''),
    // Empty: our default wording. Checked by safeHarborTemplateProblem (the fields the law needs, a playable length).
    safeHarborTemplate: z.string().trim().max(2000, 'At most 2,000 characters').default(''),
    callbackRouting: z.enum(callbackRoutings).default('last_agent_first'),
    agentMemberIds: z.array(z.uuid()).max(1000).default([]),
  })
  .superRefine((c, ctx) => {
    const unknown = unknownMergeFields(c.script);
    if (unknown.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['script'],
        message: `Unknown merge field${unknown.length > 1 ? 's' : ''}: ${unknown.map((u) => `{{${u}}}`).join(', ')}`,
      });
    if (c.dialMode === 'predictive' && c.safeHarborSeller === '')
      ctx.addIssue({
        code: 'custom',
        path: ['safeHarborSeller'],
        message: 'Predictive campaigns name the seller in the message a person hears when no agent is free',
      });
    if (c.dialMode === 'predictive' && c.safeHarborCallbackNumber === '')
      ctx.addIssue({
        code: 'custom',
        path: ['safeHarborCallbackNumber'],
        message: 'Predictive campaigns give a number people can call back in that message',
      });
    const template = safeHarborTemplateProblem(c.safeHarborTemplate);
    if (template !== null) ctx.addIssue({ code: 'custom', path: ['safeHarborTemplate'], message: template });
    if (c.recordingEnabled && c.recordingDisclosure === '')
      ctx.addIssue({
        code: 'custom',
        path: ['recordingDisclosure'],
        message: 'Recorded campaigns need a disclosure (e.g. "This call may be recorded.")',
      });
  });
export type CampaignInput = z.infer<typeof campaignInputSchema>;
