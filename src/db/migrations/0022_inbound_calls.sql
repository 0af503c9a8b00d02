ALTER TABLE "calls" ADD COLUMN "direction" text DEFAULT 'outbound' NOT NULL;--> statement-breakpoint
CREATE INDEX "calls_number_created_idx" ON "calls" USING btree ("dialed_number","created_at");--> statement-breakpoint
-- Hand-added: reports, caller-ID health and the funnel count the calls we dial; inbound calls add nothing to the
-- rollups (decision 0026). Same definition as in 0015 plus the direction test. `direction` is written when the row
-- is inserted and never updated, so an update trigger that lists the columns this function reads need not list it.
CREATE OR REPLACE FUNCTION call_rollup_contribution(c calls, sign int)
RETURNS TABLE (
	team_id uuid, hour timestamptz, campaign_id uuid, agent_id text, caller_id text, outcome text, disposition text,
	calls int, talk_sec bigint, talk_known int, short_calls int, answered_known int, callbacks_set int
) LANGUAGE sql STABLE AS $$
	SELECT c.team_id, date_trunc('hour', c.queued_at, 'UTC'), c.campaign_id, c.agent_id, c.caller_id, c.outcome,
		c.disposition,
		sign,
		sign * (CASE WHEN c.outcome = 'human' AND c.duration_sec IS NOT NULL THEN c.duration_sec ELSE 0 END)::bigint,
		sign * (CASE WHEN c.outcome = 'human' AND c.duration_sec IS NOT NULL THEN 1 ELSE 0 END),
		sign * (CASE WHEN c.outcome IN ('human', 'machine') AND c.duration_sec < 6 THEN 1 ELSE 0 END),
		sign * (CASE WHEN c.outcome IN ('human', 'machine') AND c.duration_sec IS NOT NULL THEN 1 ELSE 0 END),
		sign * (CASE WHEN c.callback_at IS NOT NULL THEN 1 ELSE 0 END)
	WHERE c.status_rank = 4 AND c.direction = 'outbound'
$$;
