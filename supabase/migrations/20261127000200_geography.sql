-- Street geography: neighbourhood polygons and street segments. Stored as SRID 4326
-- geography so that every distance is in real metres and GiST indexes serve them.

/** Neighbourhoods: LSOAs, wards or locally drawn areas. They also define the served area. */
create table public.neighbourhoods (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (char_length(code) between 1 and 40),
  name text not null check (char_length(name) between 1 and 120),
  kind text not null default 'local' check (kind in ('lsoa', 'msoa', 'ward', 'local')),
  source text not null default 'local',
  geom extensions.geography(MultiPolygon, 4326) not null,
  created_at timestamptz not null default now()
);
alter table public.neighbourhoods enable row level security;

create index neighbourhoods_geom_idx on public.neighbourhoods using gist (geom);

create policy "Anyone can read neighbourhoods" on public.neighbourhoods
  for select to anon, authenticated using (true);

/** Street segments (OSM ways with a highway tag, split where they meet). */
create table public.streets (
  id uuid primary key default gen_random_uuid(),
  name text check (name is null or char_length(name) between 1 and 200),
  highway text not null default 'residential',
  neighbourhood_id uuid references public.neighbourhoods (id) on delete set null,
  source text not null default 'local',
  source_id text,
  geom extensions.geography(LineString, 4326) not null,
  created_at timestamptz not null default now(),
  unique (source, source_id)
);
alter table public.streets enable row level security;

create index streets_geom_idx on public.streets using gist (geom);
create index streets_neighbourhood_idx on public.streets (neighbourhood_id);
create index streets_name_idx on public.streets (lower(name) text_pattern_ops);

create policy "Anyone can read streets" on public.streets
  for select to anon, authenticated using (true);

/** A street belongs to the neighbourhood that contains its midpoint. */
create function private.assign_street_neighbourhood()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_mid extensions.geography :=
    extensions.st_lineinterpolatepoint(new.geom::extensions.geometry, 0.5)::extensions.geography;
begin
  if new.neighbourhood_id is null then
    select n.id into new.neighbourhood_id
    from public.neighbourhoods n
    where extensions.st_intersects(n.geom, v_mid)
    limit 1;
  end if;
  return new;
end
$$;

create trigger streets_assign_neighbourhood before insert or update of geom on public.streets
  for each row execute function private.assign_street_neighbourhood();

/** The served area: inside a neighbourhood, or within 200 m of one (edge streets). */
create function private.in_served_area(p_point extensions.geography)
returns boolean
language sql stable
set search_path = ''
as $$
  select exists (
    select 1 from public.neighbourhoods n
    where extensions.st_dwithin(n.geom, p_point, 200, false)
  )
$$;
grant execute on function private.in_served_area(extensions.geography) to anon, authenticated;

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
