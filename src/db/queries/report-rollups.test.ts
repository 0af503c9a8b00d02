import { describe, expect, it } from 'vitest';
import { familyFor } from './report-rollups';

describe('familyFor', () => {
  const campaignId = '00000000-0000-4000-8000-000000000001';

  it('reads caller IDs over every campaign from the family that sums the campaigns', () => {
    expect(familyFor(['caller_id', 'day'], {})).toBe('caller_all');
    expect(familyFor(['caller_id'], {})).toBe('caller_all');
    expect(familyFor(['day'], {})).toBe('caller_all');
    expect(familyFor([], {})).toBe('caller_all');
  });

  it('keeps the campaign-keyed families for a campaign filter, which the summed family cannot answer', () => {
    expect(familyFor(['caller_id', 'day'], { campaignId })).toBe('caller');
    expect(familyFor(['caller_id'], { campaignId })).toBe('caller');
    expect(familyFor([], { campaignId })).toBe('caller');
    expect(familyFor(['day'], { campaignId })).toBe('agent');
  });

  it('answers an agent filter from the agent family alone, or from the hourly buckets', () => {
    expect(familyFor([], { agentId: 'u1' })).toBe('agent');
    expect(familyFor(['campaign_id', 'day'], { agentId: 'u1', campaignId })).toBe('agent');
    expect(familyFor(['caller_id', 'day'], { agentId: 'u1' })).toBeNull();
    expect(familyFor(['disposition'], { agentId: 'u1' })).toBeNull();
  });

  it('picks the family holding every key of the grouping', () => {
    expect(familyFor(['caller_id', 'campaign_id'], {})).toBe('caller');
    expect(familyFor(['agent_id', 'day'], {})).toBe('agent');
    expect(familyFor(['campaign_id', 'disposition'], {})).toBe('outcome');
    expect(familyFor(['local_weekday', 'local_hour'], { campaignId })).toBe('local_time');
    expect(familyFor(['agent_id', 'caller_id'], {})).toBeNull();
  });
});
