ALTER TABLE "appeals" ADD COLUMN "defendant" text;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "copy_received_on" date;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "redo_ordered" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "decision_received_on" date;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "redo_days" integer;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "redo_unit" text;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "redo_due_on" date;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "redo_due_default" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "redone_on" date;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_defendant_check" CHECK ("appeals"."defendant" is null or ("appeals"."kind" <> 'review' and "appeals"."defendant" in ('original', 'joint', 'review')));--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_redo_unit_check" CHECK ("appeals"."redo_unit" is null or "appeals"."redo_unit" in ('days', 'workdays'));--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_redo_only_corrected" CHECK (not "appeals"."redo_ordered" or ("appeals"."result" = 'corrected' and "appeals"."redo_due_on" is not null));--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_redone_after_decided" CHECK ("appeals"."redone_on" is null or ("appeals"."redo_ordered" and "appeals"."redone_on" >= "appeals"."closed_on"));--> statement-breakpoint
-- Suits stored before the defendant column: the co-defendant flag says 共同被告; a suit after review recorded with
-- the 复议机关 as an agency and not co-defendant was counted for the 复议机关 alone (compile.ts before this change),
-- so it keeps that meaning; every other suit was against the original agency.
UPDATE "appeals" SET "defendant" = CASE
  WHEN "review_agency_co_defendant" THEN 'joint'
  WHEN "kind" = 'litigation.afterReview' AND "review_agency_id" IS NOT NULL THEN 'review'
  ELSE 'original' END
 WHERE "kind" <> 'review';
