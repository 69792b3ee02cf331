-- Up Migration
--
-- The night audit's no-show step (issue 10): once a business day is over,
-- every confirmed arrival of that day (or before) who never came becomes a
-- no-show. A manager runs it from the desk; a scheduled job runs it for each
-- property once the property's local time passes 03:00. Every app instance
-- runs that job, so the day each property was audited is recorded here: the
-- primary key lets exactly one instance claim (property, local date), in the
-- same transaction as the no-shows it marks. The reservations' trigger audits
-- each no-show; this table only says that the day's run happened.
CREATE TABLE night_audit_runs (
  property_id   uuid NOT NULL REFERENCES properties (id),
  business_date date NOT NULL,
  ran_at        timestamptz NOT NULL DEFAULT now(),
  no_shows      integer NOT NULL CHECK (no_shows >= 0),
  PRIMARY KEY (property_id, business_date)
);

-- Down Migration
DROP TABLE IF EXISTS night_audit_runs;
