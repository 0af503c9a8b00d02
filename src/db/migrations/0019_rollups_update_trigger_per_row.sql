-- The statement-level update trigger of 0015 materialised both transition tables and ran its query for EVERY update
-- of calls, although most updates (ringing, in-progress, agent line changes, recording links) cannot change a rollup.
-- A row trigger with a WHEN clause is filtered inside the executor: only an update that touches an ended call (status
-- rank 4, before or after) AND changes one of the columns call_rollup_contribution reads runs any SQL at all.
-- Keep the column list below equal to the columns call_rollup_contribution (0015) reads.
DROP TRIGGER IF EXISTS calls_rollups_update ON calls;
--> statement-breakpoint
DROP FUNCTION IF EXISTS call_rollups_on_update();
--> statement-breakpoint
CREATE FUNCTION call_rollups_on_row_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO call_rollup_deltas (team_id, hour, campaign_id, agent_id, caller_id, outcome, disposition,
		calls, talk_sec, talk_known, short_calls, answered_known, callbacks_set)
	SELECT d.team_id, d.hour, d.campaign_id, d.agent_id, d.caller_id, d.outcome, d.disposition,
		sum(d.calls), sum(d.talk_sec), sum(d.talk_known), sum(d.short_calls), sum(d.answered_known), sum(d.callbacks_set)
	FROM (
		SELECT * FROM call_rollup_contribution(OLD, -1)
		UNION ALL
		SELECT * FROM call_rollup_contribution(NEW, 1)
	) d
	GROUP BY 1, 2, 3, 4, 5, 6, 7
	HAVING sum(d.calls) <> 0 OR sum(d.talk_sec) <> 0 OR sum(d.talk_known) <> 0 OR sum(d.short_calls) <> 0
		OR sum(d.answered_known) <> 0 OR sum(d.callbacks_set) <> 0;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER calls_rollups_update AFTER UPDATE ON calls FOR EACH ROW
	WHEN ((OLD.status_rank = 4 OR NEW.status_rank = 4) AND
		(OLD.team_id, OLD.queued_at, OLD.campaign_id, OLD.agent_id, OLD.caller_id, OLD.outcome, OLD.disposition,
			OLD.duration_sec, OLD.callback_at, OLD.status_rank)
		IS DISTINCT FROM
		(NEW.team_id, NEW.queued_at, NEW.campaign_id, NEW.agent_id, NEW.caller_id, NEW.outcome, NEW.disposition,
			NEW.duration_sec, NEW.callback_at, NEW.status_rank))
	EXECUTE FUNCTION call_rollups_on_row_update();
