-- Foundation: PostGIS, the private schema for helpers, safe default privileges,
-- the shared category taxonomy and server-controlled user roles.

create extension if not exists postgis with schema extensions;

-- Helpers that policies and API functions call but clients must never call through
-- the API: not an exposed schema (see config.toml), so PostgREST never routes here.
create schema if not exists private;
grant usage on schema private to anon, authenticated, service_role;

-- Supabase grants every new function to anon and authenticated by default. We want
-- the opposite: nothing is callable until a migration grants it explicitly.
alter default privileges in schema public revoke execute on functions from public, anon, authenticated;
alter default privileges in schema private revoke execute on functions from public, anon, authenticated;
-- TRUNCATE, TRIGGER and REFERENCES bypass row-level security; the API roles never need them.
alter default privileges in schema public revoke truncate, trigger, references on tables from anon, authenticated;

/** One taxonomy for needs, assets and enterprises, so supply can be matched to demand. */
create table public.categories (
  slug text primary key check (slug ~ '^[a-z][a-z-]{1,30}$'),
  label text not null,
  icon text not null,
  colour text not null check (colour ~ '^#[0-9a-f]{6}$'),
  sort_order int not null
);
alter table public.categories enable row level security;

create policy "Anyone can read categories" on public.categories
  for select to anon, authenticated using (true);

-- Colours from the Okabe–Ito and Tol palettes, chosen to stay distinguishable
-- with the common forms of colour blindness when paired with icons.
insert into public.categories (slug, label, icon, colour, sort_order) values
  ('food',          'Food',               'basket',      '#e69f00', 1),
  ('housing',       'Housing',            'house',       '#8c564b', 2),
  ('health',        'Health',             'cross',       '#cc3311', 3),
  ('mental-health', 'Mental health',      'heart',       '#aa3377', 4),
  ('loneliness',    'Loneliness',         'people',      '#cc79a7', 5),
  ('youth',         'Youth',              'spark',       '#0072b2', 6),
  ('older-people',  'Older people',       'cane',        '#56b4e9', 7),
  ('skills-work',   'Skills & work',      'briefcase',   '#332288', 8),
  ('money-debt',    'Money & debt',       'coin',        '#999933', 9),
  ('digital',       'Digital',            'laptop',      '#44aa99', 10),
  ('transport',     'Transport',          'bus',         '#555555', 11),
  ('green-space',   'Green space',        'tree',        '#009e73', 12),
  ('safety',        'Safety',             'shield',      '#d55e00', 13),
  ('culture',       'Culture',            'palette',     '#882255', 14),
  ('sport',         'Sport',              'ball',        '#117733', 15),
  ('childcare',     'Childcare',          'pram',        '#ddcc77', 16),
  ('disability',    'Disability & access','access',      '#6699cc', 17);

/** Rejects category arrays that are empty, repeat themselves or name unknown slugs. */
create function private.assert_known_categories(p_categories text[])
returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if p_categories is null or cardinality(p_categories) = 0 then
    raise exception 'Choose at least one category.' using errcode = '22023';
  end if;
  if cardinality(p_categories) > 17 then
    raise exception 'Each category may be listed once.' using errcode = '22023';
  end if;
  -- Unknown (or null) slugs before repeats: count(distinct) skips nulls, so a null
  -- would otherwise be reported as a repeat.
  if exists (select 1 from unnest(p_categories) c
             where c is null or c not in (select slug from public.categories)) then
    raise exception 'Unknown category: %.',
      (select string_agg(coalesce(c, 'null'), ', ') from unnest(p_categories) c
       where c is null or c not in (select slug from public.categories))
      using errcode = '22023';
  end if;
  if (select count(distinct c) from unnest(p_categories) c) <> cardinality(p_categories) then
    raise exception 'Each category may be listed once.' using errcode = '22023';
  end if;
end
$$;
-- Category filters (anon's map calls) and the category triggers (owners' writes) run it.
grant execute on function private.assert_known_categories(text[]) to anon, authenticated;

/**
 * Powers beyond "resident" (every signed-in user is a resident). Granted only by the
 * service role or an admin command, never from user-editable metadata.
 */
create table public.user_roles (
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null check (role in ('enterprise_owner', 'planner', 'moderator')),
  granted_at timestamptz not null default now(),
  primary key (user_id, role)
);
alter table public.user_roles enable row level security;

create policy "Users can read their own roles" on public.user_roles
  for select to authenticated using (user_id = (select auth.uid()));

/** Whether the caller holds a role. Definer so policies can consult user_roles. */
create function private.has_role(p_role text)
returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.user_roles r
    where r.user_id = (select auth.uid()) and r.role = p_role
  )
$$;
grant execute on function private.has_role(text) to anon, authenticated;

/** Anonymous sign-ins are residents too, but get no permanent powers. */
create function private.is_anonymous()
returns boolean
language sql stable
set search_path = ''
as $$
  select coalesce((auth.jwt() ->> 'is_anonymous')::boolean, true)
$$;
grant execute on function private.is_anonymous() to anon, authenticated;

/** The caller's user id, or a clear refusal when nobody is signed in. */
create function private.require_user()
returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  v_user uuid := auth.uid();
begin
  if v_user is null then
    raise exception 'Sign in first.' using errcode = '42501';
  end if;
  return v_user;
end
$$;
grant execute on function private.require_user() to authenticated;

/** A user's public face: a display name they choose. Roles live in user_roles. */
create table public.profiles (
  user_id uuid primary key references auth.users (id) on delete cascade,
  display_name text check (display_name is null or char_length(display_name) between 1 and 60),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.profiles enable row level security;

create policy "Users can read their own profile" on public.profiles
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can create their own profile" on public.profiles
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "Users can edit their own profile" on public.profiles
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

/** Rejects text that is empty, too long, or carries markup or control characters. */
create function private.clean_text(p_text text, p_label text, p_min int, p_max int)
returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  v text := btrim(p_text, E' \t\r\n');
begin
  if v is null or char_length(v) < p_min then
    if p_min <= 1 then
      raise exception '% cannot be empty.', p_label using errcode = '22023';
    end if;
    raise exception '% must be at least % characters.', p_label, p_min using errcode = '22023';
  end if;
  if char_length(v) > p_max then
    raise exception '% must be at most % characters.', p_label, p_max using errcode = '22023';
  end if;
  if v ~ '<\s*/?\s*[a-zA-Z!]' then
    raise exception '% cannot contain HTML tags.', p_label using errcode = '22023';
  end if;
  if v ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' then
    raise exception '% contains control characters.', p_label using errcode = '22023';
  end if;
  return v;
end
$$;
grant execute on function private.clean_text(text, text, int, int) to anon, authenticated;

/** A finite WGS84 point, or a clear refusal. */
create function private.make_point(p_lon float8, p_lat float8)
returns extensions.geography
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_lon is null or p_lat is null
     or p_lon in ('NaN', 'Infinity', '-Infinity') or p_lat in ('NaN', 'Infinity', '-Infinity') then
    raise exception 'Coordinates must be finite numbers.' using errcode = '22023';
  end if;
  if p_lon < -180 or p_lon > 180 or p_lat < -90 or p_lat > 90 then
    raise exception 'Coordinates are out of range (longitude −180..180, latitude −90..90).'
      using errcode = '22023';
  end if;
  return extensions.st_setsrid(extensions.st_makepoint(p_lon, p_lat), 4326)::extensions.geography;
end
$$;
grant execute on function private.make_point(float8, float8) to anon, authenticated;

/** Keeps updated_at honest on every table that has one. */
create function private.touch_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create trigger profiles_touch before update on public.profiles
  for each row execute function private.touch_updated_at();

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
