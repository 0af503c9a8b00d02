CREATE TABLE "call_rollup_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"campaign_id" uuid,
	"agent_id" text,
	"caller_id" text NOT NULL,
	"outcome" text,
	"disposition" text,
	"calls" integer DEFAULT 0 NOT NULL,
	"talk_sec" bigint DEFAULT 0 NOT NULL,
	"talk_known" integer DEFAULT 0 NOT NULL,
	"short_calls" integer DEFAULT 0 NOT NULL,
	"answered_known" integer DEFAULT 0 NOT NULL,
	"callbacks_set" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_rollups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"campaign_id" uuid,
	"agent_id" text,
	"caller_id" text NOT NULL,
	"outcome" text,
	"disposition" text,
	"calls" integer DEFAULT 0 NOT NULL,
	"talk_sec" bigint DEFAULT 0 NOT NULL,
	"talk_known" integer DEFAULT 0 NOT NULL,
	"short_calls" integer DEFAULT 0 NOT NULL,
	"answered_known" integer DEFAULT 0 NOT NULL,
	"callbacks_set" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "call_rollups_key_uq" UNIQUE NULLS NOT DISTINCT("team_id","hour","campaign_id","agent_id","caller_id","outcome","disposition")
);
--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "call_rollup_deltas" ADD CONSTRAINT "call_rollup_deltas_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_rollups" ADD CONSTRAINT "call_rollups_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_rollup_deltas_team_hour_idx" ON "call_rollup_deltas" USING btree ("team_id","hour");--> statement-breakpoint
-- What one call adds to the rollups (nothing until it has ended), signed: +1 for its new state, -1 for its old.
-- The one definition used by the triggers below and by the rebuild (src/db/queries/call-rollups.ts). Calls under
-- 6 seconds are "short" (a callee who hangs up at once: the sign of a number labelled as spam).
CREATE FUNCTION call_rollup_contribution(c calls, sign int)
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
	WHERE c.status_rank = 4
$$;
--> statement-breakpoint
-- Each statement on calls appends its rows' net change, grouped by bucket: a row whose contribution did not change
-- cancels out and adds nothing. A row of a team being deleted adds nothing (the team's rollups go with it).
--> statement-breakpoint
CREATE FUNCTION call_rollups_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO call_rollup_deltas (team_id, hour, campaign_id, agent_id, caller_id, outcome, disposition,
		calls, talk_sec, talk_known, short_calls, answered_known, callbacks_set)
	SELECT d.team_id, d.hour, d.campaign_id, d.agent_id, d.caller_id, d.outcome, d.disposition,
		sum(d.calls), sum(d.talk_sec), sum(d.talk_known), sum(d.short_calls), sum(d.answered_known), sum(d.callbacks_set)
	FROM new_rows n CROSS JOIN LATERAL call_rollup_contribution(n, 1) d
	GROUP BY 1, 2, 3, 4, 5, 6, 7;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION call_rollups_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO call_rollup_deltas (team_id, hour, campaign_id, agent_id, caller_id, outcome, disposition,
		calls, talk_sec, talk_known, short_calls, answered_known, callbacks_set)
	SELECT d.team_id, d.hour, d.campaign_id, d.agent_id, d.caller_id, d.outcome, d.disposition,
		sum(d.calls), sum(d.talk_sec), sum(d.talk_known), sum(d.short_calls), sum(d.answered_known), sum(d.callbacks_set)
	FROM (
		SELECT d.* FROM old_rows o CROSS JOIN LATERAL call_rollup_contribution(o, -1) d
		UNION ALL
		SELECT d.* FROM new_rows n CROSS JOIN LATERAL call_rollup_contribution(n, 1) d
	) d
	GROUP BY 1, 2, 3, 4, 5, 6, 7
	HAVING sum(d.calls) <> 0 OR sum(d.talk_sec) <> 0 OR sum(d.talk_known) <> 0 OR sum(d.short_calls) <> 0
		OR sum(d.answered_known) <> 0 OR sum(d.callbacks_set) <> 0;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION call_rollups_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO call_rollup_deltas (team_id, hour, campaign_id, agent_id, caller_id, outcome, disposition,
		calls, talk_sec, talk_known, short_calls, answered_known, callbacks_set)
	SELECT d.team_id, d.hour, d.campaign_id, d.agent_id, d.caller_id, d.outcome, d.disposition,
		sum(d.calls), sum(d.talk_sec), sum(d.talk_known), sum(d.short_calls), sum(d.answered_known), sum(d.callbacks_set)
	FROM old_rows o CROSS JOIN LATERAL call_rollup_contribution(o, -1) d
	WHERE EXISTS (SELECT 1 FROM teams t WHERE t.id = d.team_id)
	GROUP BY 1, 2, 3, 4, 5, 6, 7;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER calls_rollups_insert AFTER INSERT ON calls REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION call_rollups_on_insert();
--> statement-breakpoint
CREATE TRIGGER calls_rollups_update AFTER UPDATE ON calls REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION call_rollups_on_update();
--> statement-breakpoint
CREATE TRIGGER calls_rollups_delete AFTER DELETE ON calls REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION call_rollups_on_delete();
