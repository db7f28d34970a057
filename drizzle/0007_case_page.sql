CREATE TABLE "case_files" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_files_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"role" text NOT NULL,
	"filename" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_files_role_check" CHECK ("case_files"."role" in ('identityProof', 'applicationLetter', 'released'))
);
--> statement-breakpoint
CREATE TABLE "extension_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "extension_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"workdays" integer NOT NULL,
	"reason" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_on" date NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" text,
	"decided_on" date,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "extension_requests_status_check" CHECK ("extension_requests"."status" in ('pending', 'approved', 'refused')),
	CONSTRAINT "extension_requests_workdays_check" CHECK ("extension_requests"."workdays" between 1 and 20)
);
--> statement-breakpoint
CREATE TABLE "form_tokens" (
	"token" text PRIMARY KEY NOT NULL,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL,
	"case_code" text
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "tracking_code" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "assigned_to" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "duplicate_of" text;--> statement-breakpoint
ALTER TABLE "case_files" ADD CONSTRAINT "case_files_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_files_case_idx" ON "case_files" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "extension_requests_status_idx" ON "extension_requests" USING btree ("status","case_id");--> statement-breakpoint
CREATE INDEX "cases_received_id_idx" ON "cases" USING btree ("received_on","id");--> statement-breakpoint
CREATE INDEX "cases_status_received_idx" ON "cases" USING btree ("status","received_on","id");--> statement-breakpoint
CREATE INDEX "cases_assigned_idx" ON "cases" USING btree ("assigned_to","status");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_tracking_code_unique" UNIQUE("tracking_code");