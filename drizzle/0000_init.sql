CREATE TABLE "agencies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "agencies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"parent_id" integer,
	"level" text NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agencies_code_unique" UNIQUE("code"),
	CONSTRAINT "agencies_level_check" CHECK ("agencies"."level" in ('region', 'agency', 'department')),
	CONSTRAINT "agencies_kind_check" CHECK ("agencies"."kind" in ('localGovernment', 'department', 'township', 'other')),
	CONSTRAINT "agencies_not_own_parent" CHECK ("agencies"."parent_id" is null or "agencies"."parent_id" <> "agencies"."id")
);
--> statement-breakpoint
CREATE TABLE "appeals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "appeals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"kind" text NOT NULL,
	"filed_on" date NOT NULL,
	"result" text,
	"closed_on" date,
	"body" text,
	"review_agency_id" integer,
	"review_agency_co_defendant" boolean DEFAULT false NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeals_kind_check" CHECK ("appeals"."kind" in ('review', 'litigation.direct', 'litigation.afterReview')),
	CONSTRAINT "appeals_result_check" CHECK ("appeals"."result" is null or "appeals"."result" in ('upheld', 'corrected', 'other')),
	CONSTRAINT "appeals_result_iff_closed" CHECK (("appeals"."result" is null) = ("appeals"."closed_on" is null)),
	CONSTRAINT "appeals_closed_after_filed" CHECK ("appeals"."closed_on" is null or "appeals"."closed_on" >= "appeals"."filed_on"),
	CONSTRAINT "appeals_codefendant_only_after_review" CHECK (not "appeals"."review_agency_co_defendant" or "appeals"."kind" = 'litigation.afterReview')
);
--> statement-breakpoint
CREATE TABLE "applicants" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "applicants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"name" text NOT NULL,
	"id_number" text,
	"phone" text,
	"address" text,
	"email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applicants_type_check" CHECK ("applicants"."type" in ('naturalPerson', 'commercial', 'research', 'nonprofit', 'legalService', 'otherOrg'))
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "calendar_adjustments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "calendar_adjustments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agency_id" integer,
	"on" date NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_adjustments_agency_on" UNIQUE NULLS NOT DISTINCT("agency_id","on"),
	CONSTRAINT "calendar_adjustments_kind_check" CHECK ("calendar_adjustments"."kind" in ('holiday', 'workday'))
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"holidays" jsonb NOT NULL,
	"workdays" jsonb NOT NULL,
	"source" jsonb NOT NULL,
	"version" text NOT NULL,
	"loaded_by" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"type" text NOT NULL,
	"on" date NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"agency_id" integer NOT NULL,
	"applicant_id" integer NOT NULL,
	"applicant_type" text NOT NULL,
	"channel" text NOT NULL,
	"arrived_on" date,
	"received_on" date NOT NULL,
	"confirmation" text,
	"description" text NOT NULL,
	"form_wanted" text,
	"delivery_wanted" text,
	"status" text DEFAULT 'open' NOT NULL,
	"outcome" text,
	"legal_basis" text,
	"closed_on" date,
	"fee_method" text DEFAULT 'none' NOT NULL,
	"due_on" date,
	"correction_due_on" date,
	"fee_due_on" date,
	"calendar_version" text,
	"provisional" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_code_unique" UNIQUE("code"),
	CONSTRAINT "cases_applicant_type_check" CHECK ("cases"."applicant_type" in ('naturalPerson', 'commercial', 'research', 'nonprofit', 'legalService', 'otherOrg')),
	CONSTRAINT "cases_channel_check" CHECK ("cases"."channel" in ('inPerson', 'postSigned', 'postUnsigned', 'online', 'email', 'fax')),
	CONSTRAINT "cases_status_check" CHECK ("cases"."status" in ('open', 'paused', 'awaitingCorrection', 'awaitingFee', 'closed')),
	CONSTRAINT "cases_outcome_check" CHECK ("cases"."outcome" is null or "cases"."outcome" in ('granted', 'partiallyGranted', 'withheld.stateSecret', 'withheld.prohibitedByLaw', 'withheld.securityStability', 'withheld.thirdPartyRights', 'withheld.internalAffairs', 'withheld.deliberative', 'withheld.enforcementFiles', 'withheld.inquiryMatters', 'unavailable.notHeld', 'unavailable.needsCreation', 'unavailable.unclearAfterCorrection', 'declined.complaint', 'declined.duplicate', 'declined.publication', 'declined.excessive', 'declined.confirmation', 'other.noCorrection', 'other.feeUnpaid', 'other.other')),
	CONSTRAINT "cases_fee_method_check" CHECK ("cases"."fee_method" in ('none', 'perApplication', 'perPage')),
	CONSTRAINT "cases_outcome_iff_closed" CHECK (("cases"."outcome" is null) = ("cases"."closed_on" is null)),
	CONSTRAINT "cases_closed_status" CHECK (("cases"."status" = 'closed') = ("cases"."closed_on" is not null)),
	CONSTRAINT "cases_closed_after_received" CHECK ("cases"."closed_on" is null or "cases"."closed_on" >= "cases"."received_on"),
	CONSTRAINT "cases_arrived_before_received" CHECK ("cases"."arrived_on" is null or "cases"."arrived_on" <= "cases"."received_on")
);
--> statement-breakpoint
CREATE TABLE "letter_templates" (
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "letter_templates_kind_version_pk" PRIMARY KEY("kind","version")
);
--> statement-breakpoint
CREATE TABLE "letters" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "letters_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"kind" text NOT NULL,
	"template_version" integer NOT NULL,
	"issued_on" date NOT NULL,
	"fields" jsonb NOT NULL,
	"docx" "bytea" NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agency_id" integer NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username"),
	CONSTRAINT "users_roles_check" CHECK ("users"."roles" <@ array['administrator', 'officer', 'reviewer', 'approver', 'supervisor']::text[])
);
--> statement-breakpoint
CREATE TABLE "year_locks" (
	"agency_id" integer NOT NULL,
	"year" integer NOT NULL,
	"locked_by" text NOT NULL,
	"locked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text,
	CONSTRAINT "year_locks_agency_id_year_pk" PRIMARY KEY("agency_id","year")
);
--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_parent_id_agencies_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_review_agency_id_agencies_id_fk" FOREIGN KEY ("review_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_adjustments" ADD CONSTRAINT "calendar_adjustments_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_applicant_id_applicants_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."applicants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "year_locks" ADD CONSTRAINT "year_locks_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agencies_parent_idx" ON "agencies" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "appeals_case_idx" ON "appeals" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "appeals_filed_idx" ON "appeals" USING btree ("filed_on");--> statement-breakpoint
CREATE INDEX "applicants_name_idx" ON "applicants" USING btree ("name");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "case_events_type_on_idx" ON "case_events" USING btree ("type","on");--> statement-breakpoint
CREATE INDEX "cases_agency_received_idx" ON "cases" USING btree ("agency_id","received_on");--> statement-breakpoint
CREATE INDEX "cases_agency_closed_idx" ON "cases" USING btree ("agency_id","closed_on");--> statement-breakpoint
CREATE INDEX "cases_applicant_idx" ON "cases" USING btree ("applicant_id");