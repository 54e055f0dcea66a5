-- bilateral store, schema version 4: events stored in the order of their type, then dyad, then date,
-- so that the questions asked of one dyad (its figures, its timeline, its pages of events) or of one
-- type read those events' blocks of rows, not the whole store.
--   dyad_key  the event's two codes in alphabetical order, 'MLI|RUS', when it has one actor and one
--             recipient; NULL otherwise (several actors or recipients, or none): those events are
--             read by every dyad filter, which then checks their lists of codes.
-- Events are written in the order of event, dyad_key (NULL first), date. DuckDB skips the blocks of
-- rows whose range of values cannot match a filter: a type filter reads that type's blocks; a dyad
-- filter, which names its key beside its lists of codes (queries.EventFilter), reads one block or
-- two of each type. Events added by an incremental run go at the end, unsorted: still found, with
-- fewer blocks skipped, until the next `bilateral rebuild` writes every event in order again.

ALTER TABLE events ADD COLUMN dyad_key VARCHAR;

CREATE TEMP TABLE _events_in_dyad_order AS
SELECT * REPLACE (
    CASE WHEN len(actor_codes) = 1 AND len(recipient_codes) = 1
         THEN least(actor_codes[1], recipient_codes[1]) || '|' || greatest(actor_codes[1], recipient_codes[1])
    END AS dyad_key)
FROM events
ORDER BY event, dyad_key NULLS FIRST, date, id;

DELETE FROM events;
INSERT INTO events SELECT * FROM _events_in_dyad_order;
DROP TABLE _events_in_dyad_order;
