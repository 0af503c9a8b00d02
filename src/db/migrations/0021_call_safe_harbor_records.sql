ALTER TABLE "calls" ADD COLUMN "connect_recorded" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "agent_connected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "safe_harbor_at" timestamp with time zone;