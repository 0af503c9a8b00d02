CREATE TABLE "call_rollup_days" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"family" text NOT NULL,
	"day" date NOT NULL,
	"campaign_id" uuid,
	"agent_id" text,
	"caller_id" text,
	"outcome" text,
	"disposition" text,
	"local_weekday" smallint,
	"local_hour" smallint,
	"calls" integer DEFAULT 0 NOT NULL,
	"talk_sec" bigint DEFAULT 0 NOT NULL,
	"talk_known" integer DEFAULT 0 NOT NULL,
	"short_calls" integer DEFAULT 0 NOT NULL,
	"answered_known" integer DEFAULT 0 NOT NULL,
	"callbacks_set" integer DEFAULT 0 NOT NULL,
	"callbacks_kept" integer DEFAULT 0 NOT NULL,
	"wrapup_sec" bigint DEFAULT 0 NOT NULL,
	"wrapup_known" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"human" integer DEFAULT 0 NOT NULL,
	"connected" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "call_rollup_days_key_uq" UNIQUE NULLS NOT DISTINCT("team_id","family","day","campaign_id","agent_id","caller_id","outcome","disposition","local_weekday","local_hour")
);
--> statement-breakpoint
ALTER TABLE "call_rollup_days" ADD CONSTRAINT "call_rollup_days_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_rollups_team_agent_hour_idx" ON "call_rollups" USING btree ("team_id","agent_id","hour");--> statement-breakpoint
-- Hand-written from here: the daily rows for the buckets already folded, dayed in each team's zone (decision 0034).
-- The same derivation as daysFrom in src/db/queries/call-rollups.ts; deltas still pending reach both tables at their
-- fold. The rollup lock keeps a fold from running between this read and its commit.
SELECT pg_advisory_xact_lock(hashtext('call_rollups'));
--> statement-breakpoint
INSERT INTO call_rollup_days (team_id, family, day, campaign_id, agent_id, caller_id, outcome, disposition,
	local_weekday, local_hour, calls, answered, human, connected, talk_sec, talk_known, short_calls, answered_known,
	callbacks_set, callbacks_kept, wrapup_sec, wrapup_known)
SELECT team_id,
	CASE WHEN grouping(agent_id) = 0 THEN 'agent' WHEN grouping(caller_id) = 0 THEN 'caller'
		WHEN grouping(outcome) = 0 THEN 'outcome' ELSE 'local_time' END,
	day, campaign_id, agent_id, caller_id, outcome, disposition, local_weekday, local_hour,
	sum(calls), sum(answered), sum(human), sum(connected), sum(talk_sec), sum(talk_known), sum(short_calls),
	sum(answered_known), sum(callbacks_set), sum(callbacks_kept), sum(wrapup_sec), sum(wrapup_known)
FROM (
	SELECT h.team_id, (h.hour AT TIME ZONE t.time_zone)::date AS day, h.campaign_id, h.agent_id, h.caller_id,
		h.outcome, h.disposition,
		extract(isodow FROM h.hour AT TIME ZONE h.callee_zone)::smallint AS local_weekday,
		extract(hour FROM h.hour AT TIME ZONE h.callee_zone)::smallint AS local_hour,
		h.calls,
		CASE WHEN h.outcome IN ('human', 'machine') THEN h.calls ELSE 0 END AS answered,
		CASE WHEN h.outcome = 'human' THEN h.calls ELSE 0 END AS human,
		CASE WHEN h.outcome = 'human' AND h.agent_id IS NOT NULL THEN h.calls ELSE 0 END AS connected,
		h.talk_sec, h.talk_known, h.short_calls, h.answered_known, h.callbacks_set, h.callbacks_kept, h.wrapup_sec,
		h.wrapup_known
	FROM call_rollups h JOIN teams t ON t.id = h.team_id
) s
GROUP BY GROUPING SETS (
	(team_id, day, campaign_id, agent_id),
	(team_id, day, campaign_id, caller_id),
	(team_id, day, campaign_id, outcome, disposition),
	(team_id, day, campaign_id, local_weekday, local_hour));
