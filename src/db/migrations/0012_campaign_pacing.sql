ALTER TABLE "campaigns" ADD COLUMN "max_lines_per_agent" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "target_abandon_bp" integer DEFAULT 250 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "safe_harbor_seller" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "safe_harbor_callback_number" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_max_lines_per_agent_range" CHECK ("campaigns"."max_lines_per_agent" between 1 and 5);--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_target_abandon_bp_range" CHECK ("campaigns"."target_abandon_bp" between 1 and 300);