DROP INDEX "leads_campaign_attempts_idx";--> statement-breakpoint
DROP INDEX "leads_pick_idx";--> statement-breakpoint
CREATE INDEX "leads_campaign_attempts_idx" ON "leads" USING btree ("campaign_id","attempts","status","dnc");--> statement-breakpoint
CREATE INDEX "leads_pick_idx" ON "leads" USING btree ("campaign_id","primary_zone","due_at","attempts","reserved_until") WHERE status in ('new', 'retry') and dnc = false;