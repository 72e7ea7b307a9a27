-- Event ids follow the appending transaction's id, so that cursor readers can stop at a visibility horizon instead
-- of every appending transaction taking one lock until it commits (docs/design/event-log.md says why).
--
-- An event's id is ((xid - base) << 16) + n: xid is its transaction's 64-bit id, n counts the events that
-- transaction appended before it. Every transaction still running has an xid at or above the snapshot's xmin, so
-- every event below kanban_event_horizon() = (xmin - base) << 16 belongs to a finished transaction: committed and
-- visible, or rolled back and gone for good. Readers take events below the horizon only.
--
-- base puts the first new id above every id the board already has (ids only grow); it is fixed here, per board.
DO $migration$
DECLARE
    newest bigint;
    base bigint;
BEGIN
    SELECT coalesce(max(id), 0) INTO newest FROM task_events;
    base := pg_current_xact_id()::text::bigint - (newest >> 16) - 1;

    EXECUTE format($f$
        CREATE FUNCTION kanban_event_id() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $body$
        DECLARE
            n integer := coalesce(nullif(current_setting('kanban.events_appended', true), ''), '0')::integer;
        BEGIN
            IF n >= 65536 THEN
                RAISE EXCEPTION 'one transaction may append at most 65536 events';
            END IF;
            -- transaction-local: the next transaction starts again at 0
            PERFORM set_config('kanban.events_appended', (n + 1)::text, true);
            RETURN ((pg_current_xact_id()::text::bigint - %1$s) << 16) + n;
        END
        $body$
    $f$, base);

    EXECUTE format($f$
        CREATE FUNCTION kanban_event_horizon() RETURNS bigint LANGUAGE sql STABLE AS $body$
            SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint - %1$s) << 16
        $body$
    $f$, base);
END
$migration$;

ALTER TABLE task_events ALTER COLUMN id DROP IDENTITY IF EXISTS;
ALTER TABLE task_events ALTER COLUMN id SET DEFAULT kanban_event_id();
