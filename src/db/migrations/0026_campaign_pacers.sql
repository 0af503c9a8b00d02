CREATE TABLE "campaign_pacers" (
	"campaign_id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"governor_state" text DEFAULT 'open' NOT NULL,
	"lease_holder" text,
	"lease_until" timestamp with time zone,
	"last_tick_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "campaign_pacers" ADD CONSTRAINT "campaign_pacers_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_pacers" ADD CONSTRAINT "campaign_pacers_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_pacers_team_idx" ON "campaign_pacers" USING btree ("team_id");