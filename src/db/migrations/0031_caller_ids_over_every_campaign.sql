-- Hand-written (no schema change): the `caller_all` daily family (decision 0034), one row per team × day × caller ID
-- summed over every campaign, for the days already folded. It is the `caller` family's rows without the campaign, so
-- it is summed from them; deltas still pending reach it at their fold. The rollup lock keeps a fold or a rebuild from
-- running between this read and its commit.
SELECT pg_advisory_xact_lock(hashtext('call_rollups'));
--> statement-breakpoint
INSERT INTO call_rollup_days (team_id, family, day, campaign_id, agent_id, caller_id, outcome, disposition,
	local_weekday, local_hour, calls, answered, human, connected, talk_sec, talk_known, short_calls, answered_known,
	callbacks_set, callbacks_kept, wrapup_sec, wrapup_known)
SELECT team_id, 'caller_all', day, NULL, NULL, caller_id, NULL, NULL, NULL, NULL,
	sum(calls), sum(answered), sum(human), sum(connected), sum(talk_sec), sum(talk_known), sum(short_calls),
	sum(answered_known), sum(callbacks_set), sum(callbacks_kept), sum(wrapup_sec), sum(wrapup_known)
FROM call_rollup_days
WHERE family = 'caller'
GROUP BY team_id, day, caller_id;
