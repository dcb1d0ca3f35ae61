-- Supply: community assets, social micro-enterprises and the opportunities they
-- offer to join. All public; writes are limited to owners and moderators.

/** Community assets: libraries, centres, food banks, surgeries, parks… */
create table public.assets (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 200),
  categories text[] not null,
  address text check (address is null or char_length(address) <= 300),
  opening_hours text check (opening_hours is null or char_length(opening_hours) <= 300),
  contact text check (contact is null or char_length(contact) <= 300),
  website text check (website is null or website ~ '^https?://' and char_length(website) <= 500),
  source text not null default 'local',
  source_id text,
  verified boolean not null default false,
  geom extensions.geography(Point, 4326) not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (source, source_id)
);
alter table public.assets enable row level security;

create index assets_geom_idx on public.assets using gist (geom);
create index assets_categories_idx on public.assets using gin (categories);

create policy "Anyone can read assets" on public.assets
  for select to anon, authenticated using (true);
create policy "Moderators can correct assets" on public.assets
  for update to authenticated
  using ((select private.has_role('moderator'))) with check ((select private.has_role('moderator')));

/** Social micro-enterprises and community projects, each with an owner. */
create table public.enterprises (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid references auth.users (id) on delete set null,
  name text not null check (char_length(name) between 2 and 200),
  social_goal text not null check (char_length(social_goal) between 3 and 500),
  categories text[] not null,
  contact text check (contact is null or char_length(contact) <= 300),
  website text check (website is null or website ~ '^https?://' and char_length(website) <= 500),
  status text not null default 'active' check (status in ('active', 'paused', 'closed')),
  source text not null default 'local',
  source_id text,
  geom extensions.geography(Point, 4326) not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (source, source_id)
);
alter table public.enterprises enable row level security;

create index enterprises_geom_idx on public.enterprises using gist (geom);
create index enterprises_categories_idx on public.enterprises using gin (categories);
create index enterprises_owner_idx on public.enterprises (owner_id);

create policy "Anyone can read enterprises" on public.enterprises
  for select to anon, authenticated using (true);
create policy "Owners can list their enterprise" on public.enterprises
  for insert to authenticated
  with check (owner_id = (select auth.uid()) and not (select private.is_anonymous()));
create policy "Owners can update their enterprise" on public.enterprises
  for update to authenticated
  using (owner_id = (select auth.uid()) and not (select private.is_anonymous()))
  with check (owner_id = (select auth.uid()));

/** Roles to join: who they suit (age range), commitment, paid or volunteer. */
create table public.opportunities (
  id uuid primary key default gen_random_uuid(),
  enterprise_id uuid not null references public.enterprises (id) on delete cascade,
  title text not null check (char_length(title) between 3 and 120),
  description text not null check (char_length(description) between 3 and 2000),
  skills text[] not null default '{}',
  min_age int not null default 14 check (min_age between 14 and 99),
  max_age int not null default 99 check (max_age between 14 and 99),
  commitment text not null check (commitment in ('one-off', 'flexible', 'weekly', 'part-time')),
  paid boolean not null default false,
  status text not null default 'open' check (status in ('open', 'closed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (min_age <= max_age)
);
alter table public.opportunities enable row level security;

create index opportunities_enterprise_idx on public.opportunities (enterprise_id);

/** Whether the caller owns an enterprise (definer: used inside other tables' policies). */
create function private.owns_enterprise(p_enterprise_id uuid)
returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.enterprises e
    where e.id = p_enterprise_id and e.owner_id = (select auth.uid())
  )
$$;
grant execute on function private.owns_enterprise(uuid) to authenticated;

create policy "Anyone can read opportunities" on public.opportunities
  for select to anon, authenticated using (true);
create policy "Owners can add opportunities" on public.opportunities
  for insert to authenticated
  with check (private.owns_enterprise(enterprise_id) and not (select private.is_anonymous()));
create policy "Owners can update their opportunities" on public.opportunities
  for update to authenticated
  using (private.owns_enterprise(enterprise_id))
  with check (private.owns_enterprise(enterprise_id));

/** Arrays cannot carry foreign keys, so categories are checked here. */
create function private.check_categories()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.assert_known_categories(new.categories);
  return new;
end
$$;

create trigger assets_check_categories before insert or update of categories on public.assets
  for each row execute function private.check_categories();
create trigger enterprises_check_categories before insert or update of categories on public.enterprises
  for each row execute function private.check_categories();
create trigger assets_touch before update on public.assets
  for each row execute function private.touch_updated_at();
create trigger enterprises_touch before update on public.enterprises
  for each row execute function private.touch_updated_at();
create trigger opportunities_touch before update on public.opportunities
  for each row execute function private.touch_updated_at();

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
