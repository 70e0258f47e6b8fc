-- Sổ Đảng on PostgreSQL, step 1 of 2: roles and the database. Run once, as a superuser:
--
--   psql -h HOST -U postgres -v owner_password='...' -v app_password='...' \
--        -f deploy/postgres/01-create-database.sql
--
-- Optional variables: -v dbname=sodang -v owner=sodang_owner -v app=sodang_app
--
-- Two roles (see README.md beside this file):
--   owner  owns the schema and the tables; used only by `sodang init` and migrations.
--   app    what the running service connects as: it can read and append events, never alter them.

\set ON_ERROR_STOP on
\if :{?dbname}
\else
  \set dbname sodang
\endif
\if :{?owner}
\else
  \set owner sodang_owner
\endif
\if :{?app}
\else
  \set app sodang_app
\endif

CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN PASSWORD :'app_password';

-- Vietnamese names sort and compare correctly in UTF-8; the service keeps dates in Asia/Ho_Chi_Minh.
CREATE DATABASE :"dbname" OWNER :"owner" ENCODING 'UTF8' TEMPLATE template0;
ALTER DATABASE :"dbname" SET timezone TO 'UTC';
REVOKE ALL ON DATABASE :"dbname" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"dbname" TO :"app";

\connect :"dbname"

-- Only the owner creates objects; the service role may only use them.
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
