-- 0028 Search sync wake-up (issue 11): a search outbox row notifies the channel `search_outbox` when its transaction
-- commits, so the sync workers (which LISTEN on it) index a change at once instead of at their next poll.
-- Forward-only: never edit this file once applied anywhere; add a later migration instead.
--
-- NOTIFY is transactional: a rolled-back change wakes nobody, and PostgreSQL folds the identical notifications of one
-- transaction into one (a bulk update of thousands of orders sends one per topic). Workers still poll, slowly, in
-- case a notification is missed (a listener reconnecting, the embedded server where LISTEN may not reach them).

CREATE FUNCTION outbox_search_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('search_outbox', NEW.topic);
  RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_search_notify AFTER INSERT ON outbox
  FOR EACH ROW WHEN (NEW.topic LIKE 'search.%') EXECUTE FUNCTION outbox_search_notify();
