-- The minimum of a Supabase database that our migrations and the authorization test rely on,
-- for a bare PostgreSQL (scripts/test-postgres.sh). Run as a superuser before the migrations.
--
-- What is reproduced, and why it matters to the test:
--   * roles anon / authenticated / service_role (PostgREST switches to one of them per request;
--     service_role bypasses RLS) and authenticator (the login role that switches);
--   * the default privileges a hosted project has in `public` (ALL on tables, EXECUTE on
--     functions for anon and authenticated), so the migration's revokes are really tested;
--   * auth.uid() / auth.role() / auth.jwt(), which read the per-request GUCs PostgREST sets
--     (request.jwt.claims as JSON, and the older request.jwt.claim.<name> form);
--   * realtime.messages with RLS on and realtime.topic(), which is what Realtime's private-channel
--     authorization queries (server_auth.md §2);
--   * the publication supabase_realtime.
-- Not reproduced: auth.users and the rest of GoTrue's schema, Realtime's partitioning of
-- realtime.messages, pgsodium/vault, storage.

do $$
declare
    r text;
begin
    foreach r in array array['anon', 'authenticated'] loop
        if not exists (select 1 from pg_roles where rolname = r) then
            execute format('create role %I nologin noinherit', r);
        end if;
    end loop;
    if not exists (select 1 from pg_roles where rolname = 'service_role') then
        create role service_role nologin noinherit bypassrls;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'authenticator') then
        create role authenticator login noinherit;
    end if;
end;
$$;

grant anon, authenticated, service_role to authenticator;

grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant execute on functions to anon, authenticated, service_role;

-- --- auth ---------------------------------------------------------------------------------------

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create or replace function auth.jwt()
returns jsonb
language sql
stable
as $$
    select coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
    )::jsonb;
$$;

create or replace function auth.uid()
returns uuid
language sql
stable
as $$
    select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'
    )::uuid;
$$;

create or replace function auth.role()
returns text
language sql
stable
as $$
    select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'
    );
$$;

grant execute on function auth.jwt(), auth.uid(), auth.role() to anon, authenticated, service_role;

-- --- realtime -----------------------------------------------------------------------------------

create schema if not exists realtime;
grant usage on schema realtime to anon, authenticated, service_role;

create table if not exists realtime.messages (
    id          uuid      not null default gen_random_uuid(),
    topic       text      not null,
    extension   text      not null,
    payload     jsonb,
    event       text,
    private     boolean   default false,
    inserted_at timestamp not null default now(),
    updated_at  timestamp not null default now(),
    primary key (id, inserted_at)
);
alter table realtime.messages enable row level security;
-- Realtime runs its probes as the user's role, so that role needs the table privileges; whether
-- a row is visible or insertable is then up to the project's policies alone.
grant select, insert on realtime.messages to anon, authenticated;
grant all on realtime.messages to service_role;

create or replace function realtime.topic()
returns text
language sql
stable
as $$
    select nullif(current_setting('realtime.topic', true), '');
$$;
grant execute on function realtime.topic() to anon, authenticated, service_role;

-- --- publication --------------------------------------------------------------------------------

do $$
begin
    if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
        create publication supabase_realtime;
    end if;
end;
$$;
