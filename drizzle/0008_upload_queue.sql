CREATE TABLE "upload_batches" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "upload_batches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"scope_agency_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "upload_files" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "upload_files_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"batch_id" integer NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea",
	"status" text DEFAULT 'queued' NOT NULL,
	"outcome" text,
	"message" text,
	"form" text,
	"agency_name" text,
	"year" integer,
	"errors" integer,
	"warnings" integer,
	"report_id" integer,
	"parsed" jsonb,
	"findings" jsonb,
	"review_state" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "upload_files_status_check" CHECK ("upload_files"."status" in ('queued', 'reading', 'done')),
	CONSTRAINT "upload_files_outcome_check" CHECK ("upload_files"."outcome" is null or "upload_files"."outcome" in ('collected', 'duplicate', 'review', 'unreadable', 'noYear', 'tooLarge', 'empty', 'failed')),
	CONSTRAINT "upload_files_review_check" CHECK ("upload_files"."review_state" is null or "upload_files"."review_state" in ('pending', 'assigned', 'discarded'))
);
--> statement-breakpoint
ALTER TABLE "upload_batches" ADD CONSTRAINT "upload_batches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_batches" ADD CONSTRAINT "upload_batches_scope_agency_id_agencies_id_fk" FOREIGN KEY ("scope_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_files" ADD CONSTRAINT "upload_files_batch_id_upload_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."upload_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_files" ADD CONSTRAINT "upload_files_report_id_annual_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."annual_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "upload_files_batch_idx" ON "upload_files" USING btree ("batch_id","position");--> statement-breakpoint
CREATE INDEX "upload_files_status_idx" ON "upload_files" USING btree ("status");