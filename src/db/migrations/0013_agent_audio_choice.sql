ALTER TABLE "agent_sessions" ADD COLUMN "audio_kind" text DEFAULT 'phone' NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_sessions" ADD COLUMN "line_sip" text;