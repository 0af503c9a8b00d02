ALTER TABLE "campaigns" ADD COLUMN "safe_harbor_template" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "callback_routing" text DEFAULT 'last_agent_first' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_callback_routing_known" CHECK ("campaigns"."callback_routing" in ('last_agent_first', 'any_ready_agent', 'message_only'));