CREATE TABLE "agency_aliases" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "agency_aliases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agency_id" integer NOT NULL,
	"alias" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agency_aliases_alias_unique" UNIQUE("alias")
);
--> statement-breakpoint
CREATE TABLE "agency_populations" (
	"agency_id" integer NOT NULL,
	"year" integer NOT NULL,
	"population" integer NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "agency_populations_agency_id_year_pk" PRIMARY KEY("agency_id","year")
);
--> statement-breakpoint
ALTER TABLE "annual_reports" ADD COLUMN "inferred" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "annual_reports" ADD COLUMN "superseded_by" integer;--> statement-breakpoint
ALTER TABLE "annual_reports" ADD COLUMN "superseded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agency_aliases" ADD CONSTRAINT "agency_aliases_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_populations" ADD CONSTRAINT "agency_populations_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agency_aliases_agency_idx" ON "agency_aliases" USING btree ("agency_id");--> statement-breakpoint
ALTER TABLE "annual_reports" ADD CONSTRAINT "annual_reports_superseded_by_annual_reports_id_fk" FOREIGN KEY ("superseded_by") REFERENCES "public"."annual_reports"("id") ON DELETE no action ON UPDATE no action;