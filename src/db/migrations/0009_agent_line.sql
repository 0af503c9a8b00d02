ALTER TABLE "agent_sessions" ADD COLUMN "line_phone" text;--> statement-breakpoint
ALTER TABLE "agent_sessions" ADD COLUMN "line_id" uuid;--> statement-breakpoint
ALTER TABLE "agent_sessions" ADD COLUMN "line_sid" text;--> statement-breakpoint
ALTER TABLE "agent_sessions" ADD COLUMN "line_status" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "agent_sessions_line_uq" ON "agent_sessions" USING btree ("line_id") WHERE line_id is not null;