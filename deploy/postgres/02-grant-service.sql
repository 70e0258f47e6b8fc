-- Sổ Đảng on PostgreSQL, step 2 of 2: what the service role may do. Run as a superuser AFTER
-- `sodang init` has created the tables as the owner role, and again after any upgrade that adds
-- tables (it is idempotent):
--
--   psql -h HOST -U postgres -d sodang -f deploy/postgres/02-grant-service.sql
--
-- Optional variable: -v app=sodang_app

\set ON_ERROR_STOP on
\if :{?app}
\else
  \set app sodang_app
\endif
SET sodang.app TO :'app';

DO $$
DECLARE
  app text := current_setting('sodang.app');
  t record;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    IF t.tablename = 'registry_events' THEN
      -- Append only. UPDATE is granted because the event store takes LOCK TABLE ... IN EXCLUSIVE
      -- MODE to keep commit order = position order, and PostgreSQL allows that lock only with
      -- UPDATE, DELETE or TRUNCATE; the sodang_events_immutable trigger refuses every UPDATE.
      -- No DELETE, no TRUNCATE, and not being the owner, no way to drop the triggers.
      EXECUTE format('GRANT SELECT, INSERT, UPDATE ON public.%I TO %I', t.tablename, app);
    ELSIF t.tablename IN ('registry_snapshots', 'log_leaves', 'snapshot_seals') THEN
      -- Append only. Snapshots are read instead of the events (each must pass its signed seal);
      -- log_leaves and snapshot_seals are the tamper evidence `sodang verify` checks.
      EXECUTE format('GRANT SELECT, INSERT ON public.%I TO %I', t.tablename, app);
    ELSE
      -- Read models, tracking positions, users: rebuilt or maintained by the service.
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON public.%I TO %I', t.tablename, app);
    END IF;
  END LOOP;
END
$$;

GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
