CREATE TABLE "case_counts" (
	"agency_id" integer NOT NULL,
	"received_year" integer NOT NULL,
	"closed_year" integer NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "case_counts_agency_id_received_year_closed_year_pk" PRIMARY KEY("agency_id","received_year","closed_year")
);
--> statement-breakpoint
CREATE INDEX "cases_open_due_idx" ON "cases" USING btree ("agency_id","due_on","code") WHERE "cases"."closed_on" is null;--> statement-breakpoint
CREATE INDEX "cases_waiting_due_idx" ON "cases" USING btree ("agency_id","due_on","code") WHERE "cases"."status" in ('awaitingCorrection', 'awaitingFee', 'paused');--> statement-breakpoint
CREATE INDEX "publishing_items_queue_idx" ON "publishing_items" USING btree ("agency_id","state","formed_on","id");
-- case_counts (see src/db/schema/cases.ts): kept by statement triggers over transition tables, one upsert per
-- statement however many rows it wrote (a bulk INSERT … SELECT of 100,000 cases adds a few dozen rows here).
--> statement-breakpoint
CREATE FUNCTION case_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_counts (agency_id, received_year, closed_year, n)
  SELECT agency_id, extract(year FROM received_on)::int, coalesce(extract(year FROM closed_on)::int, 0), count(*)::int FROM case_counts_new GROUP BY 1, 2, 3
  ON CONFLICT (agency_id, received_year, closed_year) DO UPDATE SET n = case_counts.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION case_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_counts (agency_id, received_year, closed_year, n)
  SELECT agency_id, extract(year FROM received_on)::int, coalesce(extract(year FROM closed_on)::int, 0), -count(*)::int FROM case_counts_old GROUP BY 1, 2, 3
  ON CONFLICT (agency_id, received_year, closed_year) DO UPDATE SET n = case_counts.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION case_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_counts (agency_id, received_year, closed_year, n)
  SELECT agency_id, received_year, closed_year, sum(d)::int FROM (
      SELECT agency_id, extract(year FROM received_on)::int AS received_year, coalesce(extract(year FROM closed_on)::int, 0) AS closed_year, 1 AS d FROM case_counts_new
      UNION ALL
      SELECT agency_id, extract(year FROM received_on)::int, coalesce(extract(year FROM closed_on)::int, 0), -1 FROM case_counts_old
    ) c
   GROUP BY 1, 2, 3 HAVING sum(d) <> 0
  ON CONFLICT (agency_id, received_year, closed_year) DO UPDATE SET n = case_counts.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION case_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM case_counts;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER case_counts_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS case_counts_new
  FOR EACH STATEMENT EXECUTE FUNCTION case_counts_inserted();
--> statement-breakpoint
CREATE TRIGGER case_counts_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS case_counts_old NEW TABLE AS case_counts_new
  FOR EACH STATEMENT EXECUTE FUNCTION case_counts_updated();
--> statement-breakpoint
CREATE TRIGGER case_counts_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS case_counts_old
  FOR EACH STATEMENT EXECUTE FUNCTION case_counts_deleted();
--> statement-breakpoint
CREATE TRIGGER case_counts_truncate AFTER TRUNCATE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION case_counts_truncated();
--> statement-breakpoint
-- The cases already there.
INSERT INTO case_counts (agency_id, received_year, closed_year, n)
SELECT agency_id, extract(year FROM received_on)::int, coalesce(extract(year FROM closed_on)::int, 0), count(*)::int
  FROM cases GROUP BY 1, 2, 3;
