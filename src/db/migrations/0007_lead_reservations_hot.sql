DROP INDEX "leads_reserved_idx";--> statement-breakpoint
-- Room on each page for HOT updates: reserving a lead rewrites its row in place, with no index entry (decision 0008).
ALTER TABLE "leads" SET (fillfactor = 90);
