-- The one living definition of how event ids are based (V7 says why they follow transaction ids): a function
-- that (re)creates kanban_event_id() and kanban_event_horizon() so that the next id comes above every id the
-- board holds. V7 ran the same steps once, inline; an import that copies events in with their ids calls this
-- function afterwards instead of keeping its own copy of the bodies.
CREATE FUNCTION kanban_rebase_event_ids() RETURNS void LANGUAGE plpgsql VOLATILE AS $rebase$
DECLARE
    newest bigint;
    base bigint;
BEGIN
    SELECT coalesce(max(id), 0) INTO newest FROM task_events;
    base := pg_current_xact_id()::text::bigint - (newest >> 16) - 1;

    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION kanban_event_id() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $body$
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
        CREATE OR REPLACE FUNCTION kanban_event_horizon() RETURNS bigint LANGUAGE sql STABLE AS $body$
            SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint - %1$s) << 16
        $body$
    $f$, base);
END
$rebase$;
