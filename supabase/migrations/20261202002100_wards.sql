-- Neighbourhoods people know: wards ("Oakham North West") as a boundary level of their
-- own, each neighbourhood (LSOA) linked to the ward it overlaps most, and its name shown
-- as "Oakham North West (Rutland 002D)". The display name is kept in
-- neighbourhoods.name, so every reader of a neighbourhood's name (map labels, planner
-- table and filters, street pages, search, exports) shows it without change; the name
-- from the boundary file stays in base_name.

/** Wards (ONS WD13CD/WD13NM files): named areas above LSOAs. Written by the importer only. */
create table public.wards (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (char_length(code) between 1 and 40),
  name text not null check (char_length(name) between 1 and 120),
  source text not null default 'ons',
  geom extensions.geography(MultiPolygon, 4326) not null,
  created_at timestamptz not null default now()
);
alter table public.wards enable row level security;
create index wards_geom_idx on public.wards using gist (geom);
create policy "Anyone can read wards" on public.wards
  for select to anon, authenticated using (true);
revoke insert, update, delete, truncate, references, trigger on public.wards from anon, authenticated;

alter table public.neighbourhoods
  add column base_name text,
  add column ward_id uuid references public.wards (id) on delete set null;
update public.neighbourhoods set base_name = name;
alter table public.neighbourhoods alter column base_name set not null;
create index neighbourhoods_ward_idx on public.neighbourhoods (ward_id);

/** "Ward (base name)", or the base name alone when there is no ward; within the name's 120 characters. */
create function private.neighbourhood_display_name(p_base text, p_ward uuid)
returns text
language sql stable
set search_path = ''
as $$
  select coalesce((select left(w.name || ' (' || p_base || ')', 120) from public.wards w where w.id = p_ward), p_base)
$$;

/**
 * Keeps name = the display name. A name written from outside (an import, an edit) is the
 * base name; a new ward link renames the area.
 */
create function private.neighbourhood_name()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' or new.name is distinct from old.name then
    new.base_name := new.name;
  end if;
  new.name := private.neighbourhood_display_name(new.base_name, new.ward_id);
  return new;
end
$$;

create trigger neighbourhoods_name before insert or update of name, ward_id on public.neighbourhoods
  for each row execute function private.neighbourhood_name();

/**
 * Links every neighbourhood (not itself a ward) to the ward it overlaps most (ties: the
 * ward's code), if that ward covers at least half of it (a sliver along a generalised
 * edge names nothing), and renames those whose ward or ward name changed. Run after
 * importing wards or neighbourhoods. Returns how many neighbourhoods have a ward.
 */
create function private.link_wards()
returns int
language plpgsql
set search_path = ''
as $$
declare
  v_linked int;
begin
  with best as (
    select n.id, n.base_name,
           (select o.ward_id from (
              select w.id as ward_id, w.code,
                     extensions.st_area(extensions.st_intersection(
                       extensions.st_makevalid(w.geom::extensions.geometry),
                       extensions.st_makevalid(n.geom::extensions.geometry))) as overlap
              from public.wards w
              where w.geom operator(extensions.&&) n.geom
                and extensions.st_intersects(w.geom::extensions.geometry, n.geom::extensions.geometry)) o
            where o.overlap >= 0.5 * extensions.st_area(n.geom::extensions.geometry)
            order by o.overlap desc, o.code
            limit 1) as ward_id
    from public.neighbourhoods n
    where n.kind <> 'ward'
  )
  update public.neighbourhoods n set ward_id = b.ward_id, name = b.base_name
  from best b
  where b.id = n.id
    and (n.ward_id is distinct from b.ward_id
         or n.name is distinct from private.neighbourhood_display_name(b.base_name, b.ward_id));
  select count(*)::int into v_linked from public.neighbourhoods where ward_id is not null;
  return v_linked;
end
$$;

revoke execute on all functions in schema private from public;
