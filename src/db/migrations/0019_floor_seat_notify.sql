-- The live floor shows every agent's seat as it changes. Seats are written from many places (Ready, Not ready, a dial,
-- a disposition, the presence sweep), so the database announces each change itself, on the channel the realtime hub
-- already LISTENs on (`call_changes`), with k = 'seat'. Only the columns the floor shows fire it (the lead on the
-- agent's screen too: holding it changes the campaign's leads callable now). The 15-second
-- heartbeat (last_heartbeat, instance) does not, so it stays a cheap update. The notice is sent at commit, like
-- every other NOTIFY, so the hub reads the committed seat.
CREATE FUNCTION agent_sessions_notify_seat() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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
