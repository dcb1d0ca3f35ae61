-- Imports: a record of every file the importer (`npm run import`, src/import/) has
-- loaded, written in the same transaction as the data it brought, so a failed import
-- leaves no record and a successful one says where the rows came from and under which
-- licence. The importer connects as the database owner (DATABASE_URL or the embedded
-- backend's PGlite folder); no API role reads or writes this table.

/**
 * One row per committed import: what file (name, size, SHA-256), which source and
 * attribution it carries, the options used and what happened (inserted, updated,
 * unchanged, skipped with reasons). Provenance for ODbL/OGL attribution and for
 * answering "where did this street come from?".
 */
create table public.import_runs (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('osm', 'boundaries', 'oruk')),
  source text not null check (char_length(source) between 1 and 40),
  file_name text not null check (char_length(file_name) between 1 and 300),
  file_bytes bigint not null check (file_bytes >= 0),
  file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
  format text not null,
  options jsonb not null default '{}'::jsonb,
  attribution text,
  summary jsonb not null,
  started_at timestamptz not null,
  finished_at timestamptz not null default now()
);
alter table public.import_runs enable row level security;
-- No policies on purpose: with RLS on and no policy, anon and authenticated see no
-- rows; the revoke below keeps even the table's existence out of the API roles' reach.
revoke all on public.import_runs from anon, authenticated;

create index import_runs_source_idx on public.import_runs (source, finished_at desc);
