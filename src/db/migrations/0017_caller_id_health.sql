CREATE TABLE "caller_id_health_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"phone_number_id" uuid NOT NULL,
	"e164" text NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"calls" integer NOT NULL,
	"answered" integer NOT NULL,
	"pool_median" double precision,
	"rested_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "caller_id_health" jsonb;--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD COLUMN "rested_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "caller_id_health_events" ADD CONSTRAINT "caller_id_health_events_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "caller_id_health_events" ADD CONSTRAINT "caller_id_health_events_phone_number_id_phone_numbers_id_fk" FOREIGN KEY ("phone_number_id") REFERENCES "public"."phone_numbers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "caller_id_health_events_team_at_idx" ON "caller_id_health_events" USING btree ("team_id","at");