CREATE TABLE "lead_state_counts" (
	"team_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"attempts" integer NOT NULL,
	"status" text NOT NULL,
	"dnc" boolean NOT NULL,
	"leads" bigint NOT NULL,
	CONSTRAINT "lead_state_counts_campaign_id_attempts_status_dnc_pk" PRIMARY KEY("campaign_id","attempts","status","dnc")
);
--> statement-breakpoint
CREATE TABLE "lead_state_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"attempts" integer NOT NULL,
	"status" text NOT NULL,
	"dnc" boolean NOT NULL,
	"leads" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lead_state_counts" ADD CONSTRAINT "lead_state_counts_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_state_counts" ADD CONSTRAINT "lead_state_counts_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lead_state_deltas_campaign_idx" ON "lead_state_deltas" USING btree ("campaign_id");--> statement-breakpoint
-- Hand-written from here: the triggers that keep lead_state_counts exact (docs/decisions/0036-lead-state-counts.md).
-- A lead counts +1 under its (campaign, attempts, status, dnc) key; every change of that key appends -1 for the old
-- key and +1 for the new one. Inserts and deletes are statement triggers (one grouped insert per bulk statement).
-- Updates are a row trigger whose WHEN clause lets through only a change of the key, so the next-lead pick's update
-- (the reservation alone, a HOT update) runs no SQL at all, as the calls' update trigger does (migration 0019).
-- Keep the column list below equal to the key the counts keep.
CREATE FUNCTION lead_states_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO lead_state_deltas (team_id, campaign_id, attempts, status, dnc, leads)
	SELECT n.team_id, n.campaign_id, n.attempts, n.status, n.dnc, count(*)
	FROM new_rows n
	GROUP BY 1, 2, 3, 4, 5;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION lead_states_on_row_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO lead_state_deltas (team_id, campaign_id, attempts, status, dnc, leads)
	VALUES (OLD.team_id, OLD.campaign_id, OLD.attempts, OLD.status, OLD.dnc, -1),
		(NEW.team_id, NEW.campaign_id, NEW.attempts, NEW.status, NEW.dnc, 1);
	RETURN NULL;
END $$;
--> statement-breakpoint
-- A lead deleted with its campaign or team adds nothing: the counts go with the campaign (their foreign keys
-- cascade), and its pending deltas with the campaigns trigger below.
CREATE FUNCTION lead_states_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO lead_state_deltas (team_id, campaign_id, attempts, status, dnc, leads)
	SELECT g.team_id, g.campaign_id, g.attempts, g.status, g.dnc, -g.n
	FROM (
		SELECT o.team_id, o.campaign_id, o.attempts, o.status, o.dnc, count(*) AS n
		FROM old_rows o
		GROUP BY 1, 2, 3, 4, 5
	) g
	WHERE EXISTS (SELECT 1 FROM campaigns c WHERE c.id = g.campaign_id)
		AND EXISTS (SELECT 1 FROM teams t WHERE t.id = g.team_id);
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER leads_states_insert AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION lead_states_on_insert();
--> statement-breakpoint
CREATE TRIGGER leads_states_update AFTER UPDATE ON leads FOR EACH ROW
	WHEN ((OLD.team_id, OLD.campaign_id, OLD.attempts, OLD.status, OLD.dnc)
		IS DISTINCT FROM (NEW.team_id, NEW.campaign_id, NEW.attempts, NEW.status, NEW.dnc))
	EXECUTE FUNCTION lead_states_on_row_update();
--> statement-breakpoint
CREATE TRIGGER leads_states_delete AFTER DELETE ON leads REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION lead_states_on_delete();
--> statement-breakpoint
-- The deltas have no foreign keys (their checks would lock the campaign row at every dial): a deleted campaign's
-- pending deltas go here, in the deleting statement (a deleted team's campaigns cascade through it).
CREATE FUNCTION lead_states_on_campaign_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM lead_state_deltas d USING old_rows o WHERE d.campaign_id = o.id;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER campaigns_lead_states_delete AFTER DELETE ON campaigns REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION lead_states_on_campaign_delete();
--> statement-breakpoint
-- The leads already there, counted once.
INSERT INTO lead_state_counts (team_id, campaign_id, attempts, status, dnc, leads)
SELECT team_id, campaign_id, attempts, status, dnc, count(*) FROM leads GROUP BY 1, 2, 3, 4, 5;
