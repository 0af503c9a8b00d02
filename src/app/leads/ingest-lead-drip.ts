import { takeConsent } from '../../core/leads/consent';
import { applyDripMapping, leadsFromPayload } from '../../core/leads/drip-payload';
import { isPlainObject } from '../../core/leads/json-lead';
import { rateDecision } from '../../core/rate-limit';
import { findEnabledLeadDrip, insertLeadConsents, insertLeadDripDelivery } from '../../db/queries/lead-drips';
import { hitRateLimit } from '../../db/queries/rate-limits';
import { hashDripToken } from '../campaigns/manage-lead-drip';
import type { AppDeps } from '../deps';
import { hashedKeyPart } from '../enforce-rate-limits';
import type { WorkGate } from '../work-gate';
import { createLeads } from './create-leads';

/** The largest body a drip request may have (1,000 leads with generous fields). */
export const MAX_DRIP_BODY_BYTES = 5 * 1024 * 1024;

export type DripAnswer = {
  status: 200 | 400 | 404 | 413 | 429;
  body: unknown;
  retryAfterSec?: number;
};

const error = (code: string, message: string) => ({ error: { code, message } });

/**
 * One POST to a campaign's drip URL. A wrong or disabled token is a 404 (nothing says the URL ever existed). The
 * body is read whole and checked before anything is stored: malformed JSON (400), no leads (400), more than 1,000
 * leads (413) store nothing. The leads then go through createLeads, the import's normalise → dedupe → DNC path,
 * and their consent fields become consent records. Every delivery to a live URL is logged (the campaign's drip log);
 * refused ones too, except rate-limited ones and those turned away because this server is busy.
 *
 * The body is read, parsed and stored through `gate` (docs/decisions/0017): only a few batches are worked on at once
 * per process, a few more wait with their body read, and beyond that the request gets 429 with Retry-After, so
 * memory and database load stay bounded however many vendors send at once.
 */
export async function ingestLeadDrip(
  deps: Pick<AppDeps, 'db' | 'clock' | 'phoneZones'>,
  input: {
    token: string;
    readBody: () => Promise<string>;
    tooLarge: boolean;
    limitPerMinute: number;
    gate: WorkGate;
  },
): Promise<DripAnswer> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(input.token)) return { status: 404, body: error('not_found', 'No such drip URL') };
  const tokenHash = hashDripToken(input.token);
  const drip = await findEnabledLeadDrip(deps.db, tokenHash);
  if (!drip) return { status: 404, body: error('not_found', 'No such drip URL') };
  const scope = { teamId: drip.teamId };
  const now = deps.clock.now();

  const hit = await hitRateLimit(deps.db, `drip:${hashedKeyPart(tokenHash)}`, 60, now);
  const d = rateDecision({ ...hit, limit: input.limitPerMinute, windowSec: 60, now });
  if (!d.allowed)
    return {
      status: 429,
      retryAfterSec: d.retryAfterSec,
      body: error('rate_limited', `More than ${input.limitPerMinute} requests a minute; retry in ${d.retryAfterSec} s`),
    };

  const refuse = async (status: 400 | 413, code: string, message: string): Promise<DripAnswer> => {
    await insertLeadDripDelivery(deps.db, scope, {
      campaignId: drip.campaignId,
      status,
      leads: 0,
      counts: {},
      error: message,
      now,
    });
    return { status, body: error(code, message) };
  };
  if (input.tooLarge)
    return refuse(413, 'payload_too_large', `The body is larger than ${MAX_DRIP_BODY_BYTES / 1024 / 1024} MB`);

  const entered = input.gate.tryEnter(async (slot) => {
    const body = await input.readBody();
    return slot(() => storeDelivery(deps, { drip, body, now, refuse }));
  });
  if (!entered)
    return {
      status: 429,
      retryAfterSec: BUSY_RETRY_AFTER_SEC,
      body: error('rate_limited', `This server is working on other lead batches; retry in ${BUSY_RETRY_AFTER_SEC} s`),
    };
  return entered;
}

/** Seconds a sender turned away as busy is asked to wait (a batch takes well under a second to store). */
const BUSY_RETRY_AFTER_SEC = 1;

/** Parses a delivery's body and stores its leads, consents and log row (inside one of the gate's slots). */
async function storeDelivery(
  deps: Pick<AppDeps, 'db' | 'clock' | 'phoneZones'>,
  input: {
    drip: { campaignId: string; teamId: string; mapping: Record<string, string> };
    body: string;
    now: Date;
    refuse: (status: 400 | 413, code: string, message: string) => Promise<DripAnswer>;
  },
): Promise<DripAnswer> {
  const { drip, now, refuse } = input;
  const scope = { teamId: drip.teamId };
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.body);
  } catch (err) {
    return refuse(
      400,
      'invalid_input',
      `The body is not valid JSON (${err instanceof Error ? err.message.slice(0, 200) : 'parse error'})`,
    );
  }
  const payload = leadsFromPayload(parsed);
  if (!payload.ok) return refuse(payload.reason === 'too_many' ? 413 : 400, 'invalid_input', payload.message);

  const consents: (ReturnType<typeof takeConsent>['consent'] | null)[] = [];
  const leads = payload.leads.map((raw) => {
    if (!isPlainObject(raw)) {
      consents.push(null);
      return raw;
    }
    const { lead, consent } = takeConsent(applyDripMapping(raw, drip.mapping));
    consents.push(consent);
    return lead;
  });
  const result = await createLeads(deps, scope, { campaignId: drip.campaignId, leads });
  await insertLeadConsents(
    deps.db,
    scope,
    result.results.flatMap((r) => {
      const consent = consents[r.index];
      return r.leadId && consent ? [{ leadId: r.leadId, ...consent, via: 'drip' }] : [];
    }),
    now,
  );
  await insertLeadDripDelivery(deps.db, scope, {
    campaignId: drip.campaignId,
    status: 200,
    leads: payload.leads.length,
    counts: result.counts,
    error: null,
    now,
  });
  return { status: 200, body: result };
}
