import { AppError } from '../../core/errors';
import { diffLead, leadEditSchema } from '../../core/lead-table/edit';
import {
  isValidEmail,
  narrowZones,
  normalisePhone,
  normaliseStateLenient,
  normaliseZip,
  type PhoneCountry,
} from '../../core/leads';
import type { TeamScope } from '../../core/teams/scope';
import { isDnc } from '../../db/queries/dnc';
import { getLeadVisibleToCaller, phoneTakenInCampaign, updateLeadAudited } from '../../db/queries/leads';
import { getTeam } from '../../db/queries/teams';
import type { AppDeps } from '../deps';

/**
 * Corrects a lead (privacy policy: people may have their data corrected) and records who changed
 * which field from what to what. Agents may edit leads of the campaigns they work; the phone is
 * normalised, kept unique in the campaign, and its time zones and DNC flag follow it.
 */
export async function editLead(
  deps: Pick<AppDeps, 'db' | 'clock' | 'phoneZones'>,
  scope: TeamScope,
  id: string,
  raw: unknown,
) {
  const input = leadEditSchema.parse(raw);
  const lead = await getLeadVisibleToCaller(deps.db, scope, id);
  if (!lead) throw new AppError('not_found', 'No such lead');
  const country = ((await getTeam(deps.db, scope))?.defaultCountry ?? 'US') as PhoneCountry;
  const fields: Record<string, string> = {};
  const values: Record<string, unknown> = { ...input };

  if (input.phone !== undefined) {
    const r = normalisePhone(input.phone, country);
    if (!r.ok) fields.phone = 'Not a valid phone number';
    else if (r.e164 !== lead.phone && (await phoneTakenInCampaign(deps.db, scope, lead.campaignId, r.e164, lead.id)))
      fields.phone = 'Another lead in this campaign has this number';
    else values.phone = r.e164;
  }
  if (input.altPhones !== undefined) {
    const alt: string[] = [];
    input.altPhones.forEach((p, i) => {
      const r = normalisePhone(p, country);
      if (!r.ok) fields[`altPhones.${i}`] = 'Not a valid phone number';
      else if (!alt.includes(r.e164)) alt.push(r.e164);
    });
    values.altPhones = alt;
  }
  if (input.email) {
    const email = input.email.toLowerCase();
    if (!isValidEmail(email)) fields.email = 'Not a valid e-mail address';
    values.email = email;
  }
  if (input.state) values.state = normaliseStateLenient(input.state) ?? input.state;
  if (input.zip) values.zip = normaliseZip(input.zip) ?? input.zip;
  if (input.tags !== undefined) values.tags = [...new Set(input.tags)];
  if (Object.keys(fields).length > 0) throw new AppError('invalid_input', Object.values(fields)[0]!, { fields });

  // Zones follow the number and the address: recomputed when either changes.
  const phone = (values.phone as string | undefined) ?? lead.phone;
  if (values.phone !== undefined || values.state !== undefined || values.zip !== undefined) {
    const state = values.state !== undefined ? (values.state as string | null) : lead.state;
    const zip = values.zip !== undefined ? (values.zip as string | null) : lead.zip;
    values.timezones = narrowZones(deps.phoneZones.zonesFor(phone), state, zip);
  }
  if (values.phone !== undefined && values.phone !== lead.phone) values.dnc = await isDnc(deps.db, scope, phone);

  const changes = diffLead(lead as unknown as Record<string, unknown>, values);
  if (changes.length === 0) return lead;
  const updated = await updateLeadAudited(deps.db, scope, id, values, changes, deps.clock.now());
  if (!updated) throw new AppError('not_found', 'No such lead');
  return { ...updated, campaignName: lead.campaignName };
}
