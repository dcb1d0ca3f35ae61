-- Needs: what residents pin. The public half (category, text, street, a coarsened
-- street-level point) is readable by all; the private half (who raised it and the
-- exact point) lives in its own table that only the author and moderators can read.

/**
 * A resident's unmet need, snapped to a street. status: open → acknowledged →
 * adopted → met, or closed / withdrawn. public_geom is computed once, on the street,
 * coarsened to a 60 m stretch, so no house can be picked out.
 */
create table public.needs (
  id uuid primary key,
  category text not null references public.categories (slug),
  body text not null check (char_length(body) between 3 and 500),
  status text not null default 'open'
    check (status in ('open', 'acknowledged', 'adopted', 'met', 'closed', 'withdrawn')),
  street_id uuid not null references public.streets (id),
  neighbourhood_id uuid references public.neighbourhoods (id) on delete set null,
  public_geom extensions.geography(Point, 4326) not null,
  supporters_count int not null default 0 check (supporters_count >= 0),
  hidden_at timestamptz,
  hidden_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  status_changed_at timestamptz not null default now()
);
alter table public.needs enable row level security;

create index needs_public_geom_idx on public.needs using gist (public_geom);
create index needs_street_idx on public.needs (street_id, category) where hidden_at is null;
create index needs_neighbourhood_idx on public.needs (neighbourhood_id);

/** The private half of a need: its author and exact point. */
create table public.need_private (
  need_id uuid primary key references public.needs (id) on delete cascade,
  author_id uuid not null references auth.users (id) on delete cascade,
  exact_geom extensions.geography(Point, 4326) not null,
  snap_distance_m float8 not null
);
alter table public.need_private enable row level security;

create index need_private_author_idx on public.need_private (author_id);
-- Moderators review exact points by area; and every geography column gets its GiST index.
create index need_private_exact_geom_idx on public.need_private using gist (exact_geom);

/** Whether the caller raised a need (definer: need_private is not readable by others). */
create function private.is_need_author(p_need_id uuid)
returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.need_private p
    where p.need_id = p_need_id and p.author_id = (select auth.uid())
  )
$$;
grant execute on function private.is_need_author(uuid) to anon, authenticated;

create policy "Anyone can read needs that are not hidden" on public.needs
  for select to anon using (hidden_at is null);
create policy "Signed-in users can read visible needs, their own and (moderators) hidden ones" on public.needs
  for select to authenticated
  using (hidden_at is null or private.is_need_author(id) or (select private.has_role('moderator')));

create policy "Authors can read their needs' exact points" on public.need_private
  for select to authenticated using (author_id = (select auth.uid()));
create policy "Moderators can read exact points" on public.need_private
  for select to authenticated using ((select private.has_role('moderator')));

/** "Me too": one support per person per need. */
create table public.need_supports (
  need_id uuid not null references public.needs (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (need_id, user_id)
);
alter table public.need_supports enable row level security;

create index need_supports_user_idx on public.need_supports (user_id);

create policy "Users can read their own supports" on public.need_supports
  for select to authenticated using (user_id = (select auth.uid()));

/** Every status change, so outcomes (adopted, met, still met) can be measured over time. */
create table public.need_events (
  id bigint generated always as identity primary key,
  need_id uuid not null references public.needs (id) on delete cascade,
  from_status text,
  to_status text not null,
  actor_id uuid references auth.users (id) on delete set null,
  actor_role text not null check (actor_role in ('author', 'enterprise', 'moderator', 'planner', 'system')),
  note text check (note is null or char_length(note) <= 500),
  created_at timestamptz not null default now()
);
alter table public.need_events enable row level security;

create index need_events_need_idx on public.need_events (need_id, created_at);

-- Who acted is not public: the API roles may read every column but actor_id.
revoke select on public.need_events from anon, authenticated;
grant select (id, need_id, from_status, to_status, actor_role, note, created_at)
  on public.need_events to anon, authenticated;

create policy "Anyone can read the history of visible needs" on public.need_events
  for select to anon, authenticated
  using (exists (select 1 from public.needs n where n.id = need_id));

/** Keeps supporters_count equal to the number of supports. */
create function private.count_supporters()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  update public.needs
  set supporters_count = (select count(*) from public.need_supports s
                          where s.need_id = coalesce(new.need_id, old.need_id))
  where id = coalesce(new.need_id, old.need_id);
  return null;
end
$$;

create trigger need_supports_count after insert or delete on public.need_supports
  for each row execute function private.count_supporters();

create trigger needs_touch before update on public.needs
  for each row execute function private.touch_updated_at();

/**
 * Snaps a point to the nearest street within 150 m and returns the street, the snap
 * distance and the public point: the middle of the 60 m stretch of that street the
 * point falls in. Deterministic, so the same point always gives the same public point.
 */
create function private.snap_to_street(p_point extensions.geography)
returns table (street_id uuid, neighbourhood_id uuid, distance_m float8, public_geom extensions.geography)
language sql stable
set search_path = ''
as $$
  with nearest as (
    select s.id, s.neighbourhood_id, s.geom,
           extensions.st_distance(s.geom, p_point, false) as distance_m
    from public.streets s
    where extensions.st_dwithin(s.geom, p_point, 150, false)
    order by extensions.st_distance(s.geom, p_point, false), s.id
    limit 1
  ), stretch as (
    select nearest.*,
           greatest(1, floor(extensions.st_length(nearest.geom, false) / 60))::int as buckets,
           extensions.st_linelocatepoint(nearest.geom::extensions.geometry,
                                         p_point::extensions.geometry) as fraction
    from nearest
  )
  select id, neighbourhood_id, distance_m,
         extensions.st_lineinterpolatepoint(
           geom::extensions.geometry,
           (least(floor(fraction * buckets), buckets - 1) + 0.5) / buckets
         )::extensions.geography
  from stretch
$$;

/**
 * Records a new need for an author (the one write path for needs: the API and the demo
 * seed both use it). Validates everything; raises a clear error otherwise.
 */
create function private.record_need(
  p_id uuid, p_author uuid, p_category text, p_body text,
  p_lon float8, p_lat float8, p_created_at timestamptz default now()
)
returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  v_point extensions.geography := private.make_point(p_lon, p_lat);
  v_body text := private.clean_text(p_body, 'The description', 3, 500);
  v_snap record;
begin
  if p_id is null then
    raise exception 'A need needs an id.' using errcode = '22023';
  end if;
  if p_category is null or not exists (select 1 from public.categories c where c.slug = p_category) then
    raise exception 'Unknown category: %.', coalesce(p_category, 'none') using errcode = '22023';
  end if;
  if not private.in_served_area(v_point) then
    raise exception 'That place is outside the area Street Level covers.' using errcode = '22023';
  end if;
  select * into v_snap from private.snap_to_street(v_point);
  if v_snap.street_id is null then
    raise exception 'That place is more than 150 m from any street; pick a point on or near a street.'
      using errcode = '22023';
  end if;

  insert into public.needs (id, category, body, street_id, neighbourhood_id, public_geom,
                            created_at, updated_at, status_changed_at)
  values (p_id, p_category, v_body, v_snap.street_id, v_snap.neighbourhood_id, v_snap.public_geom,
          p_created_at, p_created_at, p_created_at);
  insert into public.need_private (need_id, author_id, exact_geom, snap_distance_m)
  values (p_id, p_author, v_point, v_snap.distance_m);
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor_role, created_at)
  values (p_id, null, 'open', p_author, 'author', p_created_at);
  return p_id;
end
$$;

/** Moves a need to a new status and records the event. Callers check who may do it. */
create function private.set_need_status(
  p_need uuid, p_status text, p_actor uuid, p_note text default null,
  p_at timestamptz default now(), p_actor_role text default null
)
returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_from text;
  v_role text;
begin
  select n.status into v_from from public.needs n where n.id = p_need for update;
  if not found then
    raise exception 'No such need.' using errcode = 'P0002';
  end if;
  if v_from = p_status then
    return;
  end if;
  v_role := coalesce(p_actor_role, case
    when exists (select 1 from public.need_private p where p.need_id = p_need and p.author_id = p_actor) then 'author'
    when exists (select 1 from public.user_roles r where r.user_id = p_actor and r.role = 'moderator') then 'moderator'
    when exists (select 1 from public.user_roles r where r.user_id = p_actor and r.role = 'enterprise_owner') then 'enterprise'
    else 'system' end);
  update public.needs set status = p_status, status_changed_at = p_at where id = p_need;
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor_role, note, created_at)
  values (p_need, v_from, p_status, p_actor, v_role, nullif(btrim(p_note), ''), p_at);
end
$$;

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
