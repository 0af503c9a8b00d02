CREATE TABLE "agent_time_rollups" (
	"team_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"agent_id" text NOT NULL,
	"state" text NOT NULL,
	"seconds" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "agent_time_rollups_team_id_hour_agent_id_state_pk" PRIMARY KEY("team_id","hour","agent_id","state")
);
--> statement-breakpoint
ALTER TABLE "agent_time_rollups" ADD CONSTRAINT "agent_time_rollups_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_time_rollups" ADD CONSTRAINT "agent_time_rollups_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- The live floor shows every agent's seat as it changes. Seats are written from many places (Ready, Not ready, a dial,
-- a disposition, the presence sweep), so the database announces each change itself, on the channel the realtime hub
-- already LISTENs on (`call_changes`), with k = 'seat'. Only the columns the floor shows fire it (the lead on the
-- agent's screen too: holding it changes the campaign's leads callable now). The 15-second
-- heartbeat (last_heartbeat, instance) does not, so it stays a cheap update. The notice is sent at commit, like
-- every other NOTIFY, so the hub reads the committed seat.
-- The same trigger ends Ready stints into agent_time_rollups, split by UTC hour: from the stint's `since` to the next
-- `since` (the app's clock, as every state change stamps it), but never past the last heartbeat plus the presence
-- timeout (45 s): an agent whose tab died was gone then, not when the sweep noticed.
CREATE FUNCTION agent_sessions_notify_seat() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stop timestamptz;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.state = 'ready'
     AND (NEW.state IS DISTINCT FROM OLD.state OR NEW.since IS DISTINCT FROM OLD.since) THEN
    stop := OLD.last_heartbeat + interval '45 seconds';
    IF NEW.since > OLD.since AND NEW.since < stop THEN
      stop := NEW.since;
    END IF;
    IF stop > OLD.since THEN
      INSERT INTO agent_time_rollups AS r (team_id, hour, agent_id, state, seconds)
      SELECT OLD.team_id, h, OLD.user_id, 'ready',
             extract(epoch FROM least(h + interval '1 hour', stop) - greatest(h, OLD.since))
      FROM generate_series(date_trunc('hour', OLD.since, 'UTC'), stop, interval '1 hour') AS h
      WHERE least(h + interval '1 hour', stop) > greatest(h, OLD.since)
      ON CONFLICT (team_id, hour, agent_id, state) DO UPDATE SET seconds = r.seconds + excluded.seconds;
    END IF;
  END IF;
  PERFORM pg_notify('call_changes', json_build_object('t', NEW.team_id, 'c', NULL, 'a', NEW.user_id, 'k', 'seat')::text);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER agent_sessions_seat_inserted AFTER INSERT ON agent_sessions
  FOR EACH ROW EXECUTE FUNCTION agent_sessions_notify_seat();
--> statement-breakpoint
CREATE TRIGGER agent_sessions_seat_changed AFTER UPDATE OF state, since, campaign_id, lead_id, call_id ON agent_sessions
  FOR EACH ROW
  WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.since IS DISTINCT FROM NEW.since
        OR OLD.campaign_id IS DISTINCT FROM NEW.campaign_id OR OLD.lead_id IS DISTINCT FROM NEW.lead_id
        OR OLD.call_id IS DISTINCT FROM NEW.call_id)
  EXECUTE FUNCTION agent_sessions_notify_seat();
