CREATE TABLE "catalogue_matters" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalogue_matters_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agency_id" integer NOT NULL,
	"domain" text,
	"name" text NOT NULL,
	"content" text NOT NULL,
	"basis" text NOT NULL,
	"time_limit" text NOT NULL,
	"subject" text NOT NULL,
	"channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"audience" text NOT NULL,
	"mode" text NOT NULL,
	"category" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalogue_matters_agency_name" UNIQUE("agency_id","name"),
	CONSTRAINT "catalogue_matters_mode_check" CHECK ("catalogue_matters"."mode" in ('proactive', 'onRequest'))
);
--> statement-breakpoint
CREATE TABLE "publishing_attachments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "publishing_attachments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"item_id" integer NOT NULL,
	"name" text NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "publishing_attachments_item_sha" UNIQUE("item_id","sha256"),
	CONSTRAINT "publishing_attachments_size_check" CHECK ("publishing_attachments"."size" >= 0 and "publishing_attachments"."size" = octet_length("publishing_attachments"."content"))
);
--> statement-breakpoint
CREATE TABLE "publishing_item_steps" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "publishing_item_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"item_id" integer NOT NULL,
	"action" text NOT NULL,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	"actor" text NOT NULL,
	"role" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text,
	CONSTRAINT "publishing_item_steps_action_check" CHECK ("publishing_item_steps"."action" in ('submit', 'pass', 'return', 'publish', 'withdraw')),
	CONSTRAINT "publishing_item_steps_role_check" CHECK ("publishing_item_steps"."role" in ('administrator', 'officer', 'reviewer', 'approver', 'supervisor')),
	CONSTRAINT "publishing_item_steps_reason_check" CHECK ("publishing_item_steps"."action" not in ('return', 'withdraw') or coalesce(btrim("publishing_item_steps"."reason"), '') <> '')
);
--> statement-breakpoint
CREATE TABLE "publishing_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "publishing_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agency_id" integer NOT NULL,
	"department_id" integer,
	"title" text NOT NULL,
	"doc_no" text,
	"category" text NOT NULL,
	"channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"formed_on" date NOT NULL,
	"published_on" date,
	"state" text DEFAULT 'draft' NOT NULL,
	"author" text NOT NULL,
	"matter_id" integer,
	"body" text,
	"url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "publishing_items_state_check" CHECK ("publishing_items"."state" in ('draft', 'review', 'secrecy', 'approval', 'approved', 'published', 'withdrawn')),
	CONSTRAINT "publishing_items_published_iff" CHECK (("publishing_items"."state" in ('published', 'withdrawn')) = ("publishing_items"."published_on" is not null)),
	CONSTRAINT "publishing_items_published_after_formed" CHECK ("publishing_items"."published_on" is null or "publishing_items"."published_on" >= "publishing_items"."formed_on")
);
--> statement-breakpoint
CREATE TABLE "consultation_opinions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultation_opinions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"received_on" date NOT NULL,
	"author" text,
	"content" text NOT NULL,
	"channel" text,
	"category" text,
	"classified_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agency_id" integer NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"opens_on" date NOT NULL,
	"closes_on" date NOT NULL,
	"feedback" text,
	"feedback_published_on" date,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultations_period_check" CHECK ("consultations"."closes_on" >= "consultations"."opens_on"),
	CONSTRAINT "consultations_feedback_check" CHECK (("consultations"."feedback_published_on" is null) or ("consultations"."feedback" is not null and "consultations"."feedback_published_on" >= "consultations"."closes_on"))
);
--> statement-breakpoint
CREATE TABLE "normative_documents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "normative_documents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agency_id" integer NOT NULL,
	"kind" text NOT NULL,
	"doc_no" text NOT NULL,
	"title" text NOT NULL,
	"issued_on" date NOT NULL,
	"published_on" date,
	"repealed_on" date,
	"repeal_note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "normative_documents_agency_doc_no" UNIQUE("agency_id","doc_no"),
	CONSTRAINT "normative_documents_kind_check" CHECK ("normative_documents"."kind" in ('regulation', 'normativeDocument')),
	CONSTRAINT "normative_documents_published_check" CHECK ("normative_documents"."published_on" is null or "normative_documents"."published_on" >= "normative_documents"."issued_on"),
	CONSTRAINT "normative_documents_repealed_check" CHECK ("normative_documents"."repealed_on" is null or "normative_documents"."repealed_on" > "normative_documents"."issued_on")
);
--> statement-breakpoint
CREATE TABLE "statistic_sources" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "statistic_sources_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agency_id" integer NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"file_name" text,
	"sha256" text,
	"values" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "statistic_sources_kind_check" CHECK ("statistic_sources"."kind" in ('csv', 'manual')),
	CONSTRAINT "statistic_sources_file_check" CHECK ("statistic_sources"."kind" <> 'csv' or ("statistic_sources"."file_name" is not null and "statistic_sources"."sha256" is not null))
);
--> statement-breakpoint
CREATE TABLE "statistics" (
	"agency_id" integer NOT NULL,
	"year" integer NOT NULL,
	"key" text NOT NULL,
	"value" numeric(18, 6) NOT NULL,
	"source_id" integer NOT NULL,
	CONSTRAINT "statistics_agency_id_year_key_pk" PRIMARY KEY("agency_id","year","key"),
	CONSTRAINT "statistics_key_check" CHECK ("statistics"."key" like 't2.%')
);
--> statement-breakpoint
CREATE TABLE "work_records" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "work_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agency_id" integer NOT NULL,
	"on" date NOT NULL,
	"kind" text NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"participants" integer DEFAULT 0 NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_records_kind_check" CHECK ("work_records"."kind" in ('training', 'openDay', 'inspection', 'other')),
	CONSTRAINT "work_records_counts_check" CHECK ("work_records"."count" >= 0 and "work_records"."participants" >= 0)
);
--> statement-breakpoint
CREATE TABLE "report_drafts" (
	"agency_id" integer NOT NULL,
	"year" integer NOT NULL,
	"templates" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_report_id" integer,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_drafts_agency_id_year_pk" PRIMARY KEY("agency_id","year")
);
--> statement-breakpoint
CREATE TABLE "report_files" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_files_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"annual_report_id" integer NOT NULL,
	"form" text NOT NULL,
	"name" text NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_files_report_form" UNIQUE("annual_report_id","form"),
	CONSTRAINT "report_files_form_check" CHECK ("report_files"."form" in ('docx', 'html'))
);
--> statement-breakpoint
ALTER TABLE "catalogue_matters" ADD CONSTRAINT "catalogue_matters_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publishing_attachments" ADD CONSTRAINT "publishing_attachments_item_id_publishing_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."publishing_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publishing_item_steps" ADD CONSTRAINT "publishing_item_steps_item_id_publishing_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."publishing_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publishing_items" ADD CONSTRAINT "publishing_items_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publishing_items" ADD CONSTRAINT "publishing_items_department_id_agencies_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publishing_items" ADD CONSTRAINT "publishing_items_matter_id_catalogue_matters_id_fk" FOREIGN KEY ("matter_id") REFERENCES "public"."catalogue_matters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_opinions" ADD CONSTRAINT "consultation_opinions_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "normative_documents" ADD CONSTRAINT "normative_documents_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statistic_sources" ADD CONSTRAINT "statistic_sources_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statistics" ADD CONSTRAINT "statistics_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statistics" ADD CONSTRAINT "statistics_source_id_statistic_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."statistic_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_records" ADD CONSTRAINT "work_records_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_drafts" ADD CONSTRAINT "report_drafts_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_drafts" ADD CONSTRAINT "report_drafts_prev_report_id_annual_reports_id_fk" FOREIGN KEY ("prev_report_id") REFERENCES "public"."annual_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_files" ADD CONSTRAINT "report_files_annual_report_id_annual_reports_id_fk" FOREIGN KEY ("annual_report_id") REFERENCES "public"."annual_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "publishing_item_steps_item_idx" ON "publishing_item_steps" USING btree ("item_id","id");--> statement-breakpoint
CREATE INDEX "publishing_items_agency_published_idx" ON "publishing_items" USING btree ("agency_id","published_on");--> statement-breakpoint
CREATE INDEX "publishing_items_agency_state_idx" ON "publishing_items" USING btree ("agency_id","state");--> statement-breakpoint
CREATE INDEX "publishing_items_matter_idx" ON "publishing_items" USING btree ("matter_id");--> statement-breakpoint
CREATE INDEX "consultation_opinions_consultation_idx" ON "consultation_opinions" USING btree ("consultation_id","category");--> statement-breakpoint
CREATE INDEX "consultations_agency_idx" ON "consultations" USING btree ("agency_id","opens_on");--> statement-breakpoint
CREATE INDEX "work_records_agency_on_idx" ON "work_records" USING btree ("agency_id","on");--> statement-breakpoint
-- The portal's Chinese search of the catalogue (src/publishing/catalogue.ts SEARCH_EXPR): a trigram index where
-- pg_trgm is available (PostgreSQL contrib; PGlite opened with the extension). Without it, search still works.
do $$
begin
  create extension if not exists pg_trgm;
  create index if not exists catalogue_matters_search_trgm on catalogue_matters using gin ((coalesce(domain, '') || ' ' || name || ' ' || content || ' ' || basis || ' ' || subject || ' ' || coalesce(category, '')) gin_trgm_ops);
exception when others then
  raise notice 'pg_trgm 不可用，目录检索不使用三元组索引：%', sqlerrm;
end
$$;
