CREATE TABLE "annual_reports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "annual_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agency_id" integer,
	"agency_name" text NOT NULL,
	"year" integer NOT NULL,
	"format" text,
	"fields" jsonb NOT NULL,
	"blank" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"uncertain" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sections" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"warnings" integer DEFAULT 0 NOT NULL,
	"source_name" text NOT NULL,
	"source_form" text NOT NULL,
	"sha256" text NOT NULL,
	"published_on" date,
	"collected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"origin" text NOT NULL,
	CONSTRAINT "annual_reports_sha256_unique" UNIQUE("sha256"),
	CONSTRAINT "annual_reports_origin_check" CHECK ("annual_reports"."origin" in ('upload', 'compiled', 'ingest', 'demo'))
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"csrf_secret" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases" DROP CONSTRAINT "cases_channel_check";--> statement-breakpoint
ALTER TABLE "cases" DROP CONSTRAINT "cases_fee_method_check";--> statement-breakpoint
ALTER TABLE "calendar_adjustments" ADD COLUMN "authority" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "clock_warnings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "annual_reports" ADD CONSTRAINT "annual_reports_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "annual_reports_year_idx" ON "annual_reports" USING btree ("year");--> statement-breakpoint
CREATE INDEX "annual_reports_agency_year_idx" ON "annual_reports" USING btree ("agency_id","year");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_channel_check" CHECK ("cases"."channel" in ('inPerson', 'registeredMail', 'ordinaryMail', 'online', 'email', 'fax'));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_fee_method_check" CHECK ("cases"."fee_method" in ('none', 'pages', 'applications'));