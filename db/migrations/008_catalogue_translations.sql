-- Up Migration
--
-- What the hotel writes about its rooms and rates, in the languages it
-- offers: {"es": {"name": "...", "description": "..."}, ...}. The columns
-- `name` and `description` stay the text in the hotel's own language, used
-- whenever a language has no translation.

ALTER TABLE room_types
  ADD COLUMN translations jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(translations) = 'object');
ALTER TABLE rate_plans
  ADD COLUMN translations jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(translations) = 'object');

-- Down Migration

ALTER TABLE room_types DROP COLUMN IF EXISTS translations;
ALTER TABLE rate_plans DROP COLUMN IF EXISTS translations;
