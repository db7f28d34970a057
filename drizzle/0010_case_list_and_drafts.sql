CREATE TABLE "form_drafts" (
	"key" text PRIMARY KEY NOT NULL,
	"path" text NOT NULL,
	"fields" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "cases_agency_received_idx";--> statement-breakpoint
CREATE INDEX "cases_open_received_idx" ON "cases" USING btree ("agency_id","received_on","id") WHERE "cases"."closed_on" is null;--> statement-breakpoint
CREATE INDEX "cases_agency_received_idx" ON "cases" USING btree ("agency_id","received_on","id");