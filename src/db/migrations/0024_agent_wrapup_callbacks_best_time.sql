ALTER TABLE "call_rollups" DROP CONSTRAINT "call_rollups_key_uq";--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "callee_zone" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "disposed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "callback_kept_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "call_rollup_deltas" ADD COLUMN "callee_zone" text;--> statement-breakpoint
ALTER TABLE "call_rollup_deltas" ADD COLUMN "callbacks_kept" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "call_rollup_deltas" ADD COLUMN "wrapup_sec" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "call_rollup_deltas" ADD COLUMN "wrapup_known" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "call_rollups" ADD COLUMN "callee_zone" text;--> statement-breakpoint
ALTER TABLE "call_rollups" ADD COLUMN "callbacks_kept" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "call_rollups" ADD COLUMN "wrapup_sec" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "call_rollups" ADD COLUMN "wrapup_known" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "call_rollups" ADD CONSTRAINT "call_rollups_key_uq" UNIQUE NULLS NOT DISTINCT("team_id","hour","campaign_id","agent_id","caller_id","outcome","disposition","callee_zone");
--> statement-breakpoint
-- Hand-written from here: the rollups gain wrap-up time, callbacks kept and the callee's zone (docs/decisions/0031).
-- What one call contributes stays ONE function, used by the triggers and the rebuild alike. Calls written before this
-- migration have no disposed_at, callback_kept_at nor callee_zone, so they contribute 0 to the new measures and sit
-- in the no-zone buckets, as their rollup rows (with the new columns' defaults) already say: nothing to rebuild.
DROP FUNCTION IF EXISTS call_rollup_contribution(calls, int);
--> statement-breakpoint
CREATE FUNCTION call_rollup_contribution(c calls, sign int)
RETURNS TABLE (
	team_id uuid, hour timestamptz, campaign_id uuid, agent_id text, caller_id text, outcome text, disposition text,
	callee_zone text, calls int, talk_sec bigint, talk_known int, short_calls int, answered_known int, callbacks_set int,
	callbacks_kept int, wrapup_sec bigint, wrapup_known int
) LANGUAGE sql STABLE AS $$
	SELECT c.team_id, date_trunc('hour', c.queued_at, 'UTC'), c.campaign_id, c.agent_id, c.caller_id, c.outcome,
		c.disposition, c.callee_zone,
		sign,
		sign * (CASE WHEN c.outcome = 'human' AND c.duration_sec IS NOT NULL THEN c.duration_sec ELSE 0 END)::bigint,
		sign * (CASE WHEN c.outcome = 'human' AND c.duration_sec IS NOT NULL THEN 1 ELSE 0 END),
		sign * (CASE WHEN c.outcome IN ('human', 'machine') AND c.duration_sec < 6 THEN 1 ELSE 0 END),
		sign * (CASE WHEN c.outcome IN ('human', 'machine') AND c.duration_sec IS NOT NULL THEN 1 ELSE 0 END),
		sign * (CASE WHEN c.callback_at IS NOT NULL THEN 1 ELSE 0 END),
		sign * (CASE WHEN c.callback_at IS NOT NULL AND c.callback_kept_at IS NOT NULL THEN 1 ELSE 0 END),
		-- Wrap-up: the call's end to the agent's disposition, whole seconds, never negative (a disposition given
		-- before the provider's end event counts 0). An inferred end is not the real end, so it is unknown.
		sign * (CASE WHEN c.agent_id IS NOT NULL AND c.disposed_at IS NOT NULL AND c.ended_at IS NOT NULL
			AND NOT c.end_inferred
			THEN greatest(0, floor(extract(epoch FROM c.disposed_at - c.ended_at))) ELSE 0 END)::bigint,
		sign * (CASE WHEN c.agent_id IS NOT NULL AND c.disposed_at IS NOT NULL AND c.ended_at IS NOT NULL
			AND NOT c.end_inferred THEN 1 ELSE 0 END)
	-- Inbound calls add nothing to the rollups (decision 0026, migration 0022).
	WHERE c.status_rank = 4 AND c.direction = 'outbound'
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION call_rollups_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO call_rollup_deltas (team_id, hour, campaign_id, agent_id, caller_id, outcome, disposition, callee_zone,
		calls, talk_sec, talk_known, short_calls, answered_known, callbacks_set, callbacks_kept, wrapup_sec, wrapup_known)
	SELECT d.team_id, d.hour, d.campaign_id, d.agent_id, d.caller_id, d.outcome, d.disposition, d.callee_zone,
		sum(d.calls), sum(d.talk_sec), sum(d.talk_known), sum(d.short_calls), sum(d.answered_known), sum(d.callbacks_set),
		sum(d.callbacks_kept), sum(d.wrapup_sec), sum(d.wrapup_known)
	FROM new_rows n CROSS JOIN LATERAL call_rollup_contribution(n, 1) d
	GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION call_rollups_on_row_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO call_rollup_deltas (team_id, hour, campaign_id, agent_id, caller_id, outcome, disposition, callee_zone,
		calls, talk_sec, talk_known, short_calls, answered_known, callbacks_set, callbacks_kept, wrapup_sec, wrapup_known)
	SELECT d.team_id, d.hour, d.campaign_id, d.agent_id, d.caller_id, d.outcome, d.disposition, d.callee_zone,
		sum(d.calls), sum(d.talk_sec), sum(d.talk_known), sum(d.short_calls), sum(d.answered_known), sum(d.callbacks_set),
		sum(d.callbacks_kept), sum(d.wrapup_sec), sum(d.wrapup_known)
	FROM (
		SELECT * FROM call_rollup_contribution(OLD, -1)
		UNION ALL
		SELECT * FROM call_rollup_contribution(NEW, 1)
	) d
	GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
	HAVING sum(d.calls) <> 0 OR sum(d.talk_sec) <> 0 OR sum(d.talk_known) <> 0 OR sum(d.short_calls) <> 0
		OR sum(d.answered_known) <> 0 OR sum(d.callbacks_set) <> 0 OR sum(d.callbacks_kept) <> 0
		OR sum(d.wrapup_sec) <> 0 OR sum(d.wrapup_known) <> 0;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION call_rollups_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO call_rollup_deltas (team_id, hour, campaign_id, agent_id, caller_id, outcome, disposition, callee_zone,
		calls, talk_sec, talk_known, short_calls, answered_known, callbacks_set, callbacks_kept, wrapup_sec, wrapup_known)
	SELECT d.team_id, d.hour, d.campaign_id, d.agent_id, d.caller_id, d.outcome, d.disposition, d.callee_zone,
		sum(d.calls), sum(d.talk_sec), sum(d.talk_known), sum(d.short_calls), sum(d.answered_known), sum(d.callbacks_set),
		sum(d.callbacks_kept), sum(d.wrapup_sec), sum(d.wrapup_known)
	FROM old_rows o CROSS JOIN LATERAL call_rollup_contribution(o, -1) d
	WHERE EXISTS (SELECT 1 FROM teams t WHERE t.id = d.team_id)
	GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
	RETURN NULL;
END $$;
--> statement-breakpoint
-- The update trigger's column list must stay equal to the columns call_rollup_contribution reads (now also the
-- end, whether it was inferred, the disposition time, the kept mark and the callee's zone).
DROP TRIGGER IF EXISTS calls_rollups_update ON calls;
--> statement-breakpoint
CREATE TRIGGER calls_rollups_update AFTER UPDATE ON calls FOR EACH ROW
	WHEN ((OLD.status_rank = 4 OR NEW.status_rank = 4) AND
		(OLD.team_id, OLD.queued_at, OLD.campaign_id, OLD.agent_id, OLD.caller_id, OLD.outcome, OLD.disposition,
			OLD.duration_sec, OLD.callback_at, OLD.status_rank, OLD.ended_at, OLD.end_inferred, OLD.disposed_at,
			OLD.callback_kept_at, OLD.callee_zone)
		IS DISTINCT FROM
		(NEW.team_id, NEW.queued_at, NEW.campaign_id, NEW.agent_id, NEW.caller_id, NEW.outcome, NEW.disposition,
			NEW.duration_sec, NEW.callback_at, NEW.status_rank, NEW.ended_at, NEW.end_inferred, NEW.disposed_at,
			NEW.callback_kept_at, NEW.callee_zone))
	EXECUTE FUNCTION call_rollups_on_row_update();
