ALTER TABLE "cases" ADD COLUMN "due_provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "fee_due_provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Rows stored before the per-date flags: copy the whole-case flag (may over-mark 暂定 until the next recompute, never
-- hides a provisional date).
UPDATE "cases" SET "due_provisional" = "provisional" AND "due_on" IS NOT NULL, "fee_due_provisional" = "provisional" AND "fee_due_on" IS NOT NULL;
