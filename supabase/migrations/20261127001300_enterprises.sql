-- Enterprise owners: list an enterprise, keep it up to date, add and close the
-- opportunities young people join; and one opportunity's page for everyone.
--
-- Every write is a thin invoker wrapper in public over a definer helper in private,
-- which takes the caller from the JWT (never from an argument), refuses anonymous
-- sign-ins (listing is a permanent power), validates every field with a sentence,
-- and checks ownership itself, since RLS does not apply to the table owner.

/** When an opportunity happens ("Saturdays 10–12"), shown on its page. Optional. */
alter table public.opportunities
  add column schedule text check (schedule is null or char_length(schedule) <= 200);

/** The caller, who must have a permanent (email) account to run an enterprise. */
create function private.require_account()
returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  v_user uuid := private.require_user();
begin
  if private.is_anonymous() then
    raise exception 'Sign in with an email account to list or run an enterprise.' using errcode = '42501';
  end if;
  return v_user;
end
$$;
grant execute on function private.require_account() to authenticated;

/** An optional web address: http(s) only, no spaces or markup; blank means none. */
create function private.clean_url(p_url text)
returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  v text := nullif(btrim(p_url), '');
begin
  if v is null then
    return null;
  end if;
  if char_length(v) > 500 then
    raise exception 'The website must be at most 500 characters.' using errcode = '22023';
  end if;
  if v !~* '^https?://[^\s/<>"'']+[^\s<>"'']*$' then
    raise exception 'The website must be a web address starting with http:// or https://.' using errcode = '22023';
  end if;
  return v;
end
$$;

/** A point inside the area Street Level covers, or a clear refusal. */
create function private.served_point(p_lon float8, p_lat float8)
returns extensions.geography
language plpgsql stable
set search_path = ''
as $$
declare
  v extensions.geography := private.make_point(p_lon, p_lat);
begin
  if not private.in_served_area(v) then
    raise exception 'That place is outside the area Street Level covers.' using errcode = '22023';
  end if;
  return v;
end
$$;

/** Up to 8 skills, each 2–40 characters of plain text, without repeats. */
create function private.clean_skills(p_skills text[])
returns text[]
language plpgsql immutable
set search_path = ''
as $$
declare
  v text[];
begin
  select coalesce(array_agg(distinct private.clean_text(s, 'Each skill', 2, 40)), '{}') into v
  from unnest(coalesce(p_skills, '{}')) s where nullif(btrim(s), '') is not null;
  if cardinality(v) > 8 then
    raise exception 'List at most 8 skills.' using errcode = '22023';
  end if;
  return v;
end
$$;

/** The caller's own enterprise, locked, or a refusal that says why. */
create function private.own_enterprise(p_enterprise_id uuid)
returns public.enterprises
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_account();
  v public.enterprises;
begin
  select * into v from public.enterprises e where e.id = p_enterprise_id for update;
  if not found then
    raise exception 'That enterprise does not exist.' using errcode = 'PT404';
  end if;
  if v.owner_id is distinct from v_user then
    raise exception 'Only the owner of an enterprise can change it.' using errcode = '42501';
  end if;
  return v;
end
$$;

/** One opportunity's public fields (never anything about who is interested). */
create function private.opportunity_json(p_opportunity_id uuid)
returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'opportunity_id', o.id, 'title', o.title, 'description', o.description, 'skills', to_jsonb(o.skills),
    'min_age', o.min_age, 'max_age', o.max_age, 'commitment', o.commitment, 'paid', o.paid,
    'schedule', o.schedule, 'status', o.status, 'created_at', o.created_at)
  from public.opportunities o where o.id = p_opportunity_id
$$;
grant execute on function private.opportunity_json(uuid) to anon, authenticated;

/** An enterprise as its owner sees it: every opportunity, with how many are interested. */
create function private.enterprise_json(p_enterprise_id uuid)
returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', e.id, 'name', e.name, 'social_goal', e.social_goal, 'categories', to_jsonb(e.categories),
    'contact', e.contact, 'website', e.website, 'status', e.status,
    'lon', round(extensions.st_x(e.geom::extensions.geometry)::numeric, 6),
    'lat', round(extensions.st_y(e.geom::extensions.geometry)::numeric, 6),
    'created_at', e.created_at, 'updated_at', e.updated_at,
    'opportunities', coalesce((
      select jsonb_agg(private.opportunity_json(o.id) || jsonb_build_object(
               'interests', (select count(*) from public.interests i where i.opportunity_id = o.id))
             order by o.status desc, o.created_at desc, o.id)
      from public.opportunities o where o.enterprise_id = e.id), '[]'::jsonb))
  from public.enterprises e
  where e.id = p_enterprise_id and e.owner_id = (select auth.uid())
$$;
grant execute on function private.enterprise_json(uuid) to authenticated;

/** Lists a new enterprise for the caller, who becomes its owner (and an enterprise_owner). */
create function private.list_enterprise(
  p_name text, p_social_goal text, p_categories text[], p_lon float8, p_lat float8, p_contact text, p_website text
)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_account();
  v_id uuid;
begin
  -- One listing at a time per person, so the cap below cannot be raced past.
  perform pg_advisory_xact_lock(hashtextextended('list_enterprise:' || v_user::text, 0));
  -- A generous cap: a person runs a handful of projects, not a directory.
  if (select count(*) from public.enterprises e where e.owner_id = v_user) >= 10 then
    raise exception 'You already run 10 enterprises; close one before listing another.' using errcode = 'PT429';
  end if;
  perform private.assert_known_categories(p_categories);
  insert into public.enterprises (owner_id, name, social_goal, categories, contact, website, status, geom)
  values (v_user,
          private.clean_text(p_name, 'The name', 2, 200),
          private.clean_text(p_social_goal, 'The social goal', 3, 500),
          p_categories,
          private.clean_text(p_contact, 'How to get involved (the contact)', 3, 300),
          private.clean_url(p_website),
          'active',
          private.served_point(p_lon, p_lat))
  returning id into v_id;
  -- The role is granted here, by the server, never from anything the client sends.
  insert into public.user_roles (user_id, role) values (v_user, 'enterprise_owner') on conflict do nothing;
  return private.enterprise_json(v_id);
end
$$;
grant execute on function private.list_enterprise(text, text, text[], float8, float8, text, text) to authenticated;

/** The owner changes their enterprise; a null argument keeps what is there. */
create function private.update_enterprise(
  p_id uuid, p_name text, p_social_goal text, p_categories text[], p_lon float8, p_lat float8,
  p_contact text, p_website text, p_status text
)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v public.enterprises := private.own_enterprise(p_id);
begin
  if (p_lon is null) <> (p_lat is null) then
    raise exception 'Give both longitude and latitude, or neither.' using errcode = '22023';
  end if;
  perform private.check_choice(p_status, array['active', 'paused', 'closed'], 'Status');
  if p_categories is not null then
    perform private.assert_known_categories(p_categories);
  end if;
  update public.enterprises e set
    name = case when p_name is null then v.name else private.clean_text(p_name, 'The name', 2, 200) end,
    social_goal = case when p_social_goal is null then v.social_goal
                       else private.clean_text(p_social_goal, 'The social goal', 3, 500) end,
    categories = coalesce(p_categories, v.categories),
    contact = case when p_contact is null then v.contact
                   else private.clean_text(p_contact, 'How to get involved (the contact)', 3, 300) end,
    website = case when p_website is null then v.website else private.clean_url(p_website) end,
    status = coalesce(p_status, v.status),
    geom = case when p_lon is null then v.geom else private.served_point(p_lon, p_lat) end
  where e.id = p_id;
  return private.enterprise_json(p_id);
end
$$;
grant execute on function private.update_enterprise(uuid, text, text, text[], float8, float8, text, text, text) to authenticated;

/** The owner adds an opportunity to join, open at once. */
create function private.add_opportunity(
  p_enterprise_id uuid, p_title text, p_description text, p_skills text[], p_min_age int, p_max_age int,
  p_commitment text, p_paid boolean, p_schedule text
)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v public.enterprises := private.own_enterprise(p_enterprise_id);
  v_id uuid;
begin
  if v.status = 'closed' then
    raise exception 'This enterprise is closed; reopen it before adding opportunities.' using errcode = '22023';
  end if;
  if p_commitment is null then
    raise exception 'Choose a commitment: one-off, flexible, weekly or part-time.' using errcode = '22023';
  end if;
  perform private.check_choice(p_commitment, array['one-off', 'flexible', 'weekly', 'part-time'], 'Commitment');
  -- Street Level is for young people from 14: nobody younger may be invited.
  if p_min_age is null or p_max_age is null then
    raise exception 'Give the age range the opportunity suits.' using errcode = '22023';
  end if;
  perform private.check_range(p_min_age, 14, 99, 'The youngest age');
  perform private.check_range(p_max_age, 14, 99, 'The oldest age');
  if p_min_age > p_max_age then
    raise exception 'The youngest age cannot be above the oldest.' using errcode = '22023';
  end if;
  if (select count(*) from public.opportunities o where o.enterprise_id = p_enterprise_id and o.status = 'open') >= 50 then
    raise exception 'An enterprise can have at most 50 open opportunities; close some first.' using errcode = 'PT429';
  end if;
  insert into public.opportunities (enterprise_id, title, description, skills, min_age, max_age, commitment, paid, schedule)
  values (p_enterprise_id,
          private.clean_text(p_title, 'The title', 3, 120),
          private.clean_text(p_description, 'What you would do', 3, 2000),
          private.clean_skills(p_skills),
          p_min_age, p_max_age, p_commitment, coalesce(p_paid, false),
          case when nullif(btrim(p_schedule), '') is null then null
               else private.clean_text(p_schedule, 'When it happens', 1, 200) end)
  returning id into v_id;
  return private.opportunity_json(v_id) || jsonb_build_object('enterprise_id', p_enterprise_id, 'interests', 0);
end
$$;
grant execute on function private.add_opportunity(uuid, text, text, text[], int, int, text, boolean, text) to authenticated;

/** The owner closes (or reopens) one of their opportunities. */
create function private.set_opportunity_status(p_opportunity_id uuid, p_status text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_enterprise uuid;
begin
  if p_status is null then
    raise exception 'Status must be one of: open, closed.' using errcode = '22023';
  end if;
  perform private.check_choice(p_status, array['open', 'closed'], 'Status');
  select o.enterprise_id into v_enterprise from public.opportunities o where o.id = p_opportunity_id;
  if not found then
    perform private.require_account();
    raise exception 'That opportunity does not exist.' using errcode = 'PT404';
  end if;
  perform private.own_enterprise(v_enterprise);
  update public.opportunities o set status = p_status where o.id = p_opportunity_id;
  return private.opportunity_json(p_opportunity_id)
    || jsonb_build_object('enterprise_id', v_enterprise,
                          'interests', (select count(*) from public.interests i where i.opportunity_id = p_opportunity_id));
end
$$;
grant execute on function private.set_opportunity_status(uuid, text) to authenticated;


-- The public API: what supabase.rpc() calls.

/** List an enterprise (email accounts only); the caller becomes its owner. */
create function public.list_enterprise(
  name text, social_goal text, categories text[], lon float8, lat float8, contact text, website text default null
)
returns jsonb language sql volatile set search_path = ''
as $$ select private.list_enterprise(name, social_goal, categories, lon, lat, contact, website) $$;

/** Change one's own enterprise; leave an argument out to keep its value. */
create function public.update_enterprise(
  enterprise_id uuid, name text default null, social_goal text default null, categories text[] default null,
  lon float8 default null, lat float8 default null, contact text default null, website text default null,
  status text default null
)
returns jsonb language sql volatile set search_path = ''
as $$ select private.update_enterprise(enterprise_id, name, social_goal, categories, lon, lat, contact, website, status) $$;

/** Add an opportunity to one's own enterprise. */
create function public.add_opportunity(
  enterprise_id uuid, title text, description text, min_age int, max_age int, commitment text,
  paid boolean default false, skills text[] default '{}', schedule text default null
)
returns jsonb language sql volatile set search_path = ''
as $$ select private.add_opportunity(enterprise_id, title, description, skills, min_age, max_age, commitment, paid, schedule) $$;

/** Close or reopen one of one's own opportunities. */
create function public.set_opportunity_status(opportunity_id uuid, status text)
returns jsonb language sql volatile set search_path = ''
as $$ select private.set_opportunity_status(opportunity_id, status) $$;

/** The caller's enterprises, each with all its opportunities and interest counts. */
create function public.my_enterprises()
returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(private.enterprise_json(e.id) order by e.created_at desc, e.id), '[]'::jsonb)
  from public.enterprises e
  where e.owner_id = (select auth.uid())
$$;

/**
 * One opportunity's page: what, the enterprise and its social goal, where, when, who it
 * suits and how to get involved; null when there is no such opportunity. `open` says
 * whether it takes interest now; `my_interest` is the caller's own interest, if any.
 */
create function public.opportunity_detail(opportunity_id uuid)
returns jsonb
language sql stable
set search_path = ''
as $$
  select private.opportunity_json(o.id) || jsonb_build_object(
    'open', o.status = 'open' and e.status = 'active',
    'enterprise_id', e.id, 'enterprise_name', e.name, 'social_goal', e.social_goal,
    'categories', to_jsonb(e.categories), 'contact', e.contact, 'website', e.website,
    'enterprise_status', e.status,
    'lon', round(extensions.st_x(e.geom::extensions.geometry)::numeric, 6),
    'lat', round(extensions.st_y(e.geom::extensions.geometry)::numeric, 6),
    'street_name', (select s.name from public.streets s
                    where extensions.st_dwithin(s.geom, e.geom, 200, false)
                    order by s.geom operator(extensions.<->) e.geom limit 1),
    'neighbourhood_name', (select n.name from public.neighbourhoods n
                           where extensions.st_intersects(n.geom, e.geom) limit 1),
    -- RLS shows a caller only their own interests, so this is never someone else's.
    'my_interest', (select jsonb_build_object('id', i.id, 'created_at', i.created_at)
                    from public.interests i
                    where i.opportunity_id = o.id and i.user_id = (select auth.uid())))
  from public.opportunities o
  join public.enterprises e on e.id = o.enterprise_id
  where o.id = opportunity_detail.opportunity_id
$$;

revoke execute on function
  public.list_enterprise(text, text, text[], float8, float8, text, text),
  public.update_enterprise(uuid, text, text, text[], float8, float8, text, text, text),
  public.add_opportunity(uuid, text, text, int, int, text, boolean, text[], text),
  public.set_opportunity_status(uuid, text), public.my_enterprises(), public.opportunity_detail(uuid) from public;
grant execute on function
  public.list_enterprise(text, text, text[], float8, float8, text, text),
  public.update_enterprise(uuid, text, text, text[], float8, float8, text, text, text),
  public.add_opportunity(uuid, text, text, int, int, text, boolean, text[], text),
  public.set_opportunity_status(uuid, text), public.my_enterprises() to authenticated;
grant execute on function public.opportunity_detail(uuid) to anon, authenticated;

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
