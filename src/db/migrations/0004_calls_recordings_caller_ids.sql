CREATE TABLE "agent_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"campaign_id" uuid,
	"state" text DEFAULT 'offline' NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	"last_heartbeat" timestamp with time zone DEFAULT now() NOT NULL,
	"instance" text,
	"lead_id" uuid,
	"call_id" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"call_id" uuid NOT NULL,
	"event_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "caller_id_usage" (
	"phone_number_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"day" date NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "caller_id_usage_phone_number_id_day_pk" PRIMARY KEY("phone_number_id","day")
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"campaign_id" uuid,
	"lead_id" uuid,
	"agent_id" text,
	"agent_session_id" text,
	"dialed_number" text NOT NULL,
	"caller_id" text NOT NULL,
	"provider" text NOT NULL,
	"provider_sid" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"status_rank" smallint DEFAULT 0 NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ringing_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration_sec" integer,
	"outcome" text,
	"amd_result" text,
	"record" boolean DEFAULT false NOT NULL,
	"amd" boolean DEFAULT false NOT NULL,
	"disposition" text,
	"notes" text,
	"callback_at" timestamp with time zone,
	"compliance_decision" jsonb,
	"recording_consent_confirmed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calls_provider_sid_unique" UNIQUE("provider_sid")
);
--> statement-breakpoint
CREATE TABLE "campaign_caller_ids" (
	"campaign_id" uuid NOT NULL,
	"phone_number_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	CONSTRAINT "campaign_caller_ids_campaign_id_phone_number_id_pk" PRIMARY KEY("campaign_id","phone_number_id")
);
--> statement-breakpoint
CREATE TABLE "phone_numbers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"e164" text NOT NULL,
	"friendly_name" text DEFAULT '' NOT NULL,
	"source" text NOT NULL,
	"state" text,
	"daily_cap" integer DEFAULT 100 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"at_provider" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "phone_numbers_cap_positive" CHECK ("phone_numbers"."daily_cap" > 0)
);
--> statement-breakpoint
CREATE TABLE "recordings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"call_id" uuid NOT NULL,
	"provider_sid" text NOT NULL,
	"status" text NOT NULL,
	"duration_sec" integer,
	"expires_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recordings_provider_sid_unique" UNIQUE("provider_sid")
);
--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "reserved_by" text;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "reserved_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "callback_user_id" text;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "last_called_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "primary_zone" text GENERATED ALWAYS AS (timezones[1]) STORED;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "due_at" timestamp with time zone GENERATED ALWAYS AS (coalesce(next_attempt_at, created_at)) STORED;--> statement-breakpoint
ALTER TABLE "agent_sessions" ADD CONSTRAINT "agent_sessions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_sessions" ADD CONSTRAINT "agent_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_sessions" ADD CONSTRAINT "agent_sessions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_sessions" ADD CONSTRAINT "agent_sessions_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_events" ADD CONSTRAINT "call_events_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_events" ADD CONSTRAINT "call_events_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "caller_id_usage" ADD CONSTRAINT "caller_id_usage_phone_number_id_phone_numbers_id_fk" FOREIGN KEY ("phone_number_id") REFERENCES "public"."phone_numbers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "caller_id_usage" ADD CONSTRAINT "caller_id_usage_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_caller_ids" ADD CONSTRAINT "campaign_caller_ids_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_caller_ids" ADD CONSTRAINT "campaign_caller_ids_phone_number_id_phone_numbers_id_fk" FOREIGN KEY ("phone_number_id") REFERENCES "public"."phone_numbers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_caller_ids" ADD CONSTRAINT "campaign_caller_ids_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agent_sessions_team_user_uq" ON "agent_sessions" USING btree ("team_id","user_id");--> statement-breakpoint
CREATE INDEX "agent_sessions_campaign_idx" ON "agent_sessions" USING btree ("campaign_id","state");--> statement-breakpoint
CREATE INDEX "agent_sessions_live_idx" ON "agent_sessions" USING btree ("last_heartbeat") WHERE state <> 'offline';--> statement-breakpoint
CREATE UNIQUE INDEX "call_events_key_uq" ON "call_events" USING btree ("event_key");--> statement-breakpoint
CREATE INDEX "call_events_call_idx" ON "call_events" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "calls_team_created_idx" ON "calls" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE INDEX "calls_agent_created_idx" ON "calls" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE INDEX "calls_campaign_created_idx" ON "calls" USING btree ("campaign_id","created_at");--> statement-breakpoint
CREATE INDEX "calls_lead_idx" ON "calls" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "calls_open_idx" ON "calls" USING btree ("queued_at") WHERE "calls"."status_rank" < 4;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_caller_ids_default_uq" ON "campaign_caller_ids" USING btree ("campaign_id") WHERE "campaign_caller_ids"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "phone_numbers_team_e164_uq" ON "phone_numbers" USING btree ("team_id","e164");--> statement-breakpoint
CREATE INDEX "recordings_call_idx" ON "recordings" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "recordings_expiry_idx" ON "recordings" USING btree ("expires_at") WHERE "recordings"."deleted_at" is null;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_reserved_by_users_id_fk" FOREIGN KEY ("reserved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_callback_user_id_users_id_fk" FOREIGN KEY ("callback_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leads_pick_idx" ON "leads" USING btree ("campaign_id","primary_zone","due_at") WHERE status in ('new', 'retry') and dnc = false;--> statement-breakpoint
CREATE INDEX "leads_callback_pick_idx" ON "leads" USING btree ("campaign_id","callback_user_id","callback_at") WHERE status = 'callback' and dnc = false;--> statement-breakpoint
CREATE INDEX "leads_reserved_idx" ON "leads" USING btree ("reserved_until") WHERE status = 'reserved';