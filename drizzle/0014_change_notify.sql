-- Change notifications for the web servers' in-memory caches (src/web/change-feed.ts): the staff case list and
-- dashboard pages, and the sessions. Every statement that writes a table those depend on sends
-- NOTIFY gongkai_changes '<table>' — delivered to every listening server at commit (none on rollback), one per
-- table and transaction (PostgreSQL folds duplicates), so a write by another server process or by the CLI ends
-- what each server has cached. Statement-level: a bulk INSERT … SELECT notifies once.
CREATE FUNCTION gongkai_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gongkai_changes', TG_TABLE_NAME);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- What the case list and the dashboard show: cases, their applicants, agencies (names, the tree that decides the
-- scope), users (assignees' names; roles, agency and deactivation of a signed-in user), the working-day calendar.
CREATE TRIGGER cases_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_notify_change();
--> statement-breakpoint
CREATE TRIGGER applicants_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON applicants
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_notify_change();
--> statement-breakpoint
CREATE TRIGGER agencies_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agencies
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_notify_change();
--> statement-breakpoint
CREATE TRIGGER users_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_notify_change();
--> statement-breakpoint
CREATE TRIGGER calendar_years_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_years
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_notify_change();
--> statement-breakpoint
CREATE TRIGGER calendar_adjustments_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_adjustments
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_notify_change();
--> statement-breakpoint
-- Sessions: an ended session (logout, password change, deactivation, pruning). Not on UPDATE: the once-a-minute
-- touch of last_seen_at ends nothing, and would empty every server's session cache every minute.
CREATE TRIGGER sessions_notify AFTER DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_notify_change();
--> statement-breakpoint
-- A one-time password issued or a password set decides whether the user must change it first (lookupSession).
CREATE TRIGGER audit_log_password_notify AFTER INSERT ON audit_log
  FOR EACH ROW WHEN (NEW.action IN ('user.password.issued', 'user.password.changed'))
  EXECUTE FUNCTION gongkai_notify_change();
