-- Projects started from briefs, co-founders, and whether they worked.
--
--   a confirmed account starts a project from a brief ──▶ an enterprise in stage 'starting'
--     (on the map, not yet supply), linked to the brief, with the brief's needs at that moment
--   the project adopts the brief's needs ──▶ each through public.adopt_need, so every trust
--     rule of adoption applies to the person adopting; the need's history tells its author
--   co-founders join by an invitation link; the founder makes it 'active' (it becomes supply)
--     or 'abandoned' (its adoptions are released through reopen_need, the enterprise closed)
--
-- Outcomes count only what the people who raised the needs confirmed: needs met and
-- confirmed, still met at the 90-day check, days from start to the first met, and the
-- brief's demand when the project started and now. No activity counts as an outcome.

-- ---------------------------------------------------------------------------
-- The confirmed-account check (11a's contract). A shim only if it is not there yet.
-- ---------------------------------------------------------------------------
do $$
begin
  if to_regprocedure('private.caller_is_confirmed()') is null then
    -- TEMPORARY SHIM (issue 14): until issue 11a's private.caller_is_confirmed() lands, a
    -- permanent (non-anonymous) account counts as confirmed, as everywhere else today.
    execute $f$
      create function private.caller_is_confirmed()
      returns boolean
      language sql stable
      set search_path = ''
      as $b$ select auth.uid() is not null and not private.is_anonymous() $b$
    $f$;
    execute 'grant execute on function private.caller_is_confirmed() to authenticated';
  end if;
  if to_regprocedure('private.require_confirmed(text)') is null then
    -- TEMPORARY SHIM (issue 14): 11a's private.require_confirmed(action), same contract:
    -- the caller's id, or 42501 with a sentence that says what to do.
    execute $f$
      create function private.require_confirmed(p_action text)
      returns uuid
      language plpgsql stable
      set search_path = ''
      as $b$
      begin
        if auth.uid() is null then
          raise exception 'Sign in first.' using errcode = '42501';
        end if;
        if not private.caller_is_confirmed() then
          raise exception 'Sign in with an e-mail account to %.', p_action using errcode = '42501';
        end if;
        return auth.uid();
      end
      $b$
    $f$;
    execute 'grant execute on function private.require_confirmed(text) to authenticated';
  end if;
end
$$;

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------

/** A project started from a brief: the enterprise, the brief and where it stands. */
create table public.brief_projects (
  enterprise_id uuid primary key references public.enterprises (id) on delete cascade,
  brief_id text not null check (brief_id ~ '^[a-z][a-z-]{1,30}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
  category text not null references public.categories (slug),
  founder_id uuid references auth.users (id) on delete set null,
  stage text not null default 'starting' check (stage in ('starting', 'active', 'abandoned')),
  radius_m float8 not null,
  demand_at_start int not null check (demand_at_start >= 0),
  needs_at_start int not null check (needs_at_start >= 0),
  started_at timestamptz not null default now(),
  stage_changed_at timestamptz not null default now()
);
alter table public.brief_projects enable row level security;

create index brief_projects_brief_idx on public.brief_projects (brief_id);
create index brief_projects_founder_idx on public.brief_projects (founder_id);

-- Which project grew from which brief is public (it is the point of a brief); the
-- founder's id is not.
revoke select on public.brief_projects from anon, authenticated;
grant select (enterprise_id, brief_id, category, stage, radius_m, demand_at_start, needs_at_start,
              started_at, stage_changed_at) on public.brief_projects to anon, authenticated;
create policy "Anyone can read which projects grew from which briefs" on public.brief_projects
  for select to anon, authenticated using (true);

/** The brief's needs when the project started, and any it adopted later. */
create table public.brief_project_needs (
  enterprise_id uuid not null references public.brief_projects (enterprise_id) on delete cascade,
  need_id uuid not null references public.needs (id) on delete cascade,
  at_start boolean not null,
  primary key (enterprise_id, need_id)
);
alter table public.brief_project_needs enable row level security;

create index brief_project_needs_need_idx on public.brief_project_needs (need_id);

create policy "Anyone can read the needs of visible projects" on public.brief_project_needs
  for select to anon, authenticated
  using (exists (select 1 from public.needs n where n.id = need_id));

/** Co-founders of a project (the founder is the enterprise's owner). */
create table public.project_cofounders (
  enterprise_id uuid not null references public.brief_projects (enterprise_id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  joined_at timestamptz not null default now(),
  primary key (enterprise_id, user_id)
);
alter table public.project_cofounders enable row level security;

create index project_cofounders_user_idx on public.project_cofounders (user_id);

create policy "Co-founders can read their own memberships" on public.project_cofounders
  for select to authenticated using (user_id = (select auth.uid()));

/** Invitation links: only a hash of the token is kept, so a database read cannot join. */
create table public.project_invitations (
  token_hash text primary key,
  enterprise_id uuid not null references public.brief_projects (enterprise_id) on delete cascade,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
alter table public.project_invitations enable row level security;

create index project_invitations_enterprise_idx on public.project_invitations (enterprise_id);
-- No policy: invitations are read and written only by the definer helpers below.

-- The API roles never write these tables; the helpers below do, as the table owner.
revoke insert, update, delete, truncate, references, trigger on public.brief_projects, public.brief_project_needs,
  public.project_cofounders, public.project_invitations from anon, authenticated;
revoke select on public.project_invitations from anon, authenticated;

-- ---------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------

/** A brief id's parts, or a clear refusal. */
create function private.parse_brief_id(p_brief_id text, out category text, out seed uuid)
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_brief_id is null
     or p_brief_id !~ '^[a-z][a-z-]{1,30}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    raise exception 'That is not a brief id (a category and a need id, like food-0b6e…).' using errcode = '22023';
  end if;
  category := left(p_brief_id, char_length(p_brief_id) - 37);
  seed := right(p_brief_id, 36)::uuid;
end
$$;
grant execute on function private.parse_brief_id(text) to anon, authenticated;

/** The needs of a brief now: the current cluster holding its earliest need. */
create function private.brief_current_needs(p_brief_id text, p_radius_m float8)
returns table (brief_id text, need_id uuid)
language sql stable
set search_path = ''
as $$
  with m as (
    select * from private.brief_members(p_radius_m, (private.parse_brief_id(p_brief_id)).category)
  )
  select m.brief_id, m.need_id from m
  where m.brief_id = (select x.brief_id from m x where x.need_id = (private.parse_brief_id(p_brief_id)).seed)
$$;
grant execute on function private.brief_current_needs(text, float8) to anon, authenticated;

/**
 * Whether a need is marked met by its adopter and waits for its author: status 'met'
 * without met_confirmed_at today; status 'adopted' with met_claimed_at once issue 11b's
 * lifecycle lands (read through to_jsonb so this works with or without that column).
 */
create function private.met_claim_waiting(p_need public.needs)
returns boolean
language sql stable
set search_path = ''
as $$
  select (p_need.status = 'met' and p_need.met_confirmed_at is null)
      or (p_need.status = 'adopted' and (to_jsonb(p_need) ->> 'met_claimed_at') is not null)
$$;
grant execute on function private.met_claim_waiting(public.needs) to anon, authenticated;

/**
 * Outcomes of projects started from briefs (one project, or all of one brief): needs met
 * and confirmed (by anyone, and by the projects), still met at the 90-day check, median
 * days from a project's start to its first need met and confirmed, and the demand of the
 * brief's needs when the first project started and now.
 */
create function private.project_outcomes(p_enterprise_ids uuid[])
returns jsonb
language sql stable
set search_path = ''
as $$
  with projects as (
    select bp.enterprise_id, bp.needs_at_start, bp.demand_at_start, bp.started_at
    from public.brief_projects bp where bp.enterprise_id = any (p_enterprise_ids)
  ), needs as (
    select distinct on (n.id) n.*, pn.enterprise_id as project_id,
           n.adopted_by_enterprise = any (p_enterprise_ids) as by_project
    from public.brief_project_needs pn join public.needs n on n.id = pn.need_id
    where pn.enterprise_id = any (p_enterprise_ids) and n.hidden_at is null
    order by n.id, (n.adopted_by_enterprise = pn.enterprise_id) desc
  ), first_met as (
    select p.enterprise_id,
           (select min(e.created_at) from public.need_events e join public.needs n on n.id = e.need_id
            where n.adopted_by_enterprise = p.enterprise_id and n.status = 'met' and n.met_confirmed_at is not null
              and e.to_status in ('met', 'met_confirmed') and e.created_at >= p.started_at) as at,
           p.started_at
    from projects p
  )
  select jsonb_build_object(
    'projects', (select count(*) from projects),
    'needs_at_start', (select coalesce(sum(p.needs_at_start), 0) from projects p),
    'needs_adopted_by_projects', (select count(*) from needs n where n.by_project),
    'needs_met', (select count(*) from needs n where n.status = 'met' and n.met_confirmed_at is not null),
    'needs_met_by_projects', (select count(*) from needs n
                              where n.by_project and n.status = 'met' and n.met_confirmed_at is not null),
    'needs_awaiting_confirmation', (select count(*) from public.needs n
                                    where n.id in (select x.id from needs x) and private.met_claim_waiting(n)),
    'needs_still_met', (select count(*) from needs n where n.status = 'met' and n.still_met_at is not null),
    'needs_due_90_day_check', (select count(*) from needs n
                               where n.status = 'met' and n.met_confirmed_at <= now() - interval '90 days'),
    'median_days_to_first_met', (select round((percentile_cont(0.5) within group (
                                   order by extract(epoch from f.at - f.started_at) / 86400))::numeric, 1)::float8
                                 from first_met f where f.at is not null),
    'demand_at_start', (select p.demand_at_start from projects p order by p.started_at, p.enterprise_id limit 1),
    'demand_now', (select coalesce(sum(1 + n.supporters_count), 0) from needs n
                   where n.status in ('open', 'acknowledged', 'adopted') or (n.status = 'met' and n.met_confirmed_at is null)))
$$;
grant execute on function private.project_outcomes(uuid[]) to anon, authenticated;

/** Young people who showed interest in this category near a point: a count, none below 5. */
create function private.young_interest_near(p_category text, p_centre extensions.geography)
returns int
language sql stable security definer
set search_path = ''
as $$
  -- "Near" is 2 km (a 25-minute walk) of the enterprise they chose; "young" is 14 to 25.
  -- Below 5 the count could point at someone, so it is withheld (null).
  select case when count(distinct i.user_id) >= 5 then count(distinct i.user_id)::int end
  from public.interests i
  join public.opportunities o on o.id = i.opportunity_id
  join public.enterprises e on e.id = o.enterprise_id
  where e.categories @> array[p_category] and i.age between 14 and 25
    and extensions.st_dwithin(e.geom, p_centre, 2000, false)
$$;
grant execute on function private.young_interest_near(text, extensions.geography) to anon, authenticated;

/** Whether the caller founded or co-founds a project. */
create function private.is_project_member(p_enterprise_id uuid)
returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.enterprises e where e.id = p_enterprise_id and e.owner_id = (select auth.uid()))
      or exists (select 1 from public.project_cofounders c
                 where c.enterprise_id = p_enterprise_id and c.user_id = (select auth.uid()))
$$;
grant execute on function private.is_project_member(uuid) to anon, authenticated;

/** A project's page: public facts, its roles, its needs (public halves) and outcomes. */
create function private.project_json(p_enterprise_id uuid)
returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'project_id', e.id, 'name', e.name, 'social_goal', e.social_goal, 'contact', e.contact,
    'categories', to_jsonb(e.categories), 'status', e.status, 'stage', bp.stage,
    'brief_id', bp.brief_id, 'category', bp.category, 'started_at', bp.started_at,
    'lon', round(extensions.st_x(e.geom::extensions.geometry)::numeric, 5),
    'lat', round(extensions.st_y(e.geom::extensions.geometry)::numeric, 5),
    'cofounders', (select count(*) from public.project_cofounders c where c.enterprise_id = e.id),
    'is_founder', e.owner_id = (select auth.uid()),
    'is_member', private.is_project_member(e.id),
    'opportunities', coalesce((select jsonb_agg(private.opportunity_json(o.id) order by o.created_at, o.id)
                               from public.opportunities o where o.enterprise_id = e.id and o.status = 'open'), '[]'::jsonb),
    'needs', coalesce((select jsonb_agg(jsonb_build_object(
                         'id', n.id, 'body', n.body, 'status', n.status, 'street_name', s.name,
                         'supporters', n.supporters_count,
                         'adopted_by_project', n.adopted_by_enterprise = e.id,
                         'awaiting_confirmation', private.met_claim_waiting(n),
                         'is_mine', private.is_need_author(n.id))
                       order by n.created_at, n.id)
                       from public.brief_project_needs pn
                       join public.needs n on n.id = pn.need_id and n.hidden_at is null
                       join public.streets s on s.id = n.street_id
                       where pn.enterprise_id = e.id), '[]'::jsonb),
    'outcomes', private.project_outcomes(array[e.id]))
  from public.enterprises e
  join public.brief_projects bp on bp.enterprise_id = e.id
  where e.id = p_enterprise_id
$$;
grant execute on function private.project_json(uuid) to anon, authenticated;

-- ---------------------------------------------------------------------------
-- Transitions (definer helpers: the caller comes from the JWT, never an argument)
-- ---------------------------------------------------------------------------

/**
 * Starts a project from a brief that is open now: an enterprise listed through
 * list_enterprise (its rules apply), in stage 'starting', at the middle of the brief's
 * needs, with the brief's needs recorded as they are at this moment.
 */
create function private.start_project_from_brief(p_brief_id text, p_name text, p_social_goal text, p_contact text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_confirmed('start a project');
  v_brief record := private.parse_brief_id(p_brief_id);
  v_needs uuid[];
  v_summary jsonb;
  v_id uuid;
begin
  select array_agg(c.need_id order by c.need_id) into v_needs
  from private.brief_current_needs(p_brief_id, 400) c where c.brief_id = p_brief_id;
  if v_needs is null then
    raise exception 'That brief is not open any more (its needs were met, or something now answers them).'
      using errcode = 'PT404';
  end if;
  if exists (select 1 from public.brief_projects bp join public.enterprises e on e.id = bp.enterprise_id
             where bp.brief_id = p_brief_id and e.owner_id = v_user and bp.stage <> 'abandoned') then
    raise exception 'You have already started a project from this brief.' using errcode = '22023';
  end if;
  v_summary := private.brief_summary(p_brief_id, v_brief.category, v_needs);
  v_id := (public.list_enterprise(p_name, p_social_goal, array[v_brief.category],
                                  (v_summary -> 'centre' ->> 0)::float8, (v_summary -> 'centre' ->> 1)::float8,
                                  p_contact) ->> 'id')::uuid;
  update public.enterprises set status = 'starting' where id = v_id;
  insert into public.brief_projects (enterprise_id, brief_id, category, founder_id, radius_m, demand_at_start, needs_at_start)
  values (v_id, p_brief_id, v_brief.category, v_user, 400, (v_summary ->> 'demand')::int, cardinality(v_needs));
  insert into public.brief_project_needs (enterprise_id, need_id, at_start)
  select v_id, unnest(v_needs), true;
  return private.project_json(v_id);
end
$$;
grant execute on function private.start_project_from_brief(text, text, text, text) to authenticated;

/**
 * A founder or co-founder adopts the brief's needs for the project (all that are open, or
 * the ones named). Each goes through public.adopt_need as the caller, so every trust rule
 * of adoption applies; one refused need (the caller raised it, someone is on it, the
 * adoption limit) is reported and the rest go ahead. The need's history tells its author.
 */
create function private.adopt_brief_needs(p_enterprise_id uuid, p_need_ids uuid[], p_note text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_confirmed('adopt needs for a project');
  v_project public.brief_projects;
  v_name text;
  v_note text := private.optional_note(p_note);
  v_need uuid;
  v_adopted uuid[] := '{}';
  v_skipped jsonb := '[]';
begin
  select * into v_project from public.brief_projects bp where bp.enterprise_id = p_enterprise_id for update;
  if not found then
    raise exception 'That project does not exist.' using errcode = 'PT404';
  end if;
  if not private.is_project_member(p_enterprise_id) then
    raise exception 'Only the founder or a co-founder of a project can adopt needs for it.' using errcode = '42501';
  end if;
  if v_project.stage = 'abandoned' then
    raise exception 'This project was abandoned, so it cannot adopt needs.' using errcode = '22023';
  end if;
  select e.name into v_name from public.enterprises e where e.id = p_enterprise_id;
  -- The brief's needs now may include some raised after the project started.
  insert into public.brief_project_needs (enterprise_id, need_id, at_start)
  select p_enterprise_id, c.need_id, false from private.brief_current_needs(v_project.brief_id, v_project.radius_m) c
  on conflict do nothing;
  if p_need_ids is not null and exists (
       select 1 from unnest(p_need_ids) x
       where not exists (select 1 from public.brief_project_needs pn where pn.enterprise_id = p_enterprise_id and pn.need_id = x)) then
    raise exception 'A project can adopt only the needs of its brief.' using errcode = '22023';
  end if;
  for v_need in
    select pn.need_id from public.brief_project_needs pn join public.needs n on n.id = pn.need_id
    where pn.enterprise_id = p_enterprise_id and n.status in ('open', 'acknowledged') and n.hidden_at is null
      and (p_need_ids is null or pn.need_id = any (p_need_ids))
    order by n.created_at, n.id
  loop
    begin
      perform public.adopt_need(v_need, null,
        coalesce(v_note, 'Adopted by ' || v_name || ', a project started from a brief for needs like this one.'));
      update public.need_adoptions a set enterprise_id = p_enterprise_id where a.need_id = v_need and a.adopter_id = v_user;
      update public.needs n set adopted_by_enterprise = p_enterprise_id where n.id = v_need;
      v_adopted := v_adopted || v_need;
    exception when others then
      v_skipped := v_skipped || jsonb_build_object('need_id', v_need, 'reason', sqlerrm);
    end;
  end loop;
  return jsonb_build_object('adopted', to_jsonb(v_adopted), 'skipped', v_skipped,
                            'project', private.project_json(p_enterprise_id));
end
$$;
grant execute on function private.adopt_brief_needs(uuid, uuid[], text) to authenticated;

/** An invitation link for co-founders, valid 14 days; only its hash is stored. */
create function private.invite_cofounder(p_enterprise_id uuid)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_confirmed('invite co-founders');
  v_token text := replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
  v_expires timestamptz := now() + interval '14 days';
begin
  if not exists (select 1 from public.brief_projects bp where bp.enterprise_id = p_enterprise_id) then
    raise exception 'That project does not exist.' using errcode = 'PT404';
  end if;
  if not private.is_project_member(p_enterprise_id) then
    raise exception 'Only the founder or a co-founder can invite co-founders.' using errcode = '42501';
  end if;
  if (select count(*) from public.project_invitations i
      where i.enterprise_id = p_enterprise_id and i.expires_at > now()) >= 20 then
    raise exception 'This project has 20 open invitations already; wait for some to expire.' using errcode = 'PT429';
  end if;
  insert into public.project_invitations (token_hash, enterprise_id, created_by, expires_at)
  values (encode(sha256(convert_to(v_token, 'UTF8')), 'hex'), p_enterprise_id, v_user, v_expires);
  return jsonb_build_object('token', v_token, 'expires_at', v_expires);
end
$$;
grant execute on function private.invite_cofounder(uuid) to authenticated;

/** Joins the project an invitation link is for, as a co-founder. Idempotent. */
create function private.join_project(p_token text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_confirmed('join a project');
  v_invite public.project_invitations;
  v_stage text;
begin
  if p_token is null or p_token !~ '^[0-9a-f]{64}$' then
    raise exception 'That invitation link is not valid.' using errcode = '22023';
  end if;
  select * into v_invite from public.project_invitations i
  where i.token_hash = encode(sha256(convert_to(p_token, 'UTF8')), 'hex');
  if not found or v_invite.expires_at <= now() then
    raise exception 'That invitation link is not valid or has expired; ask for a new one.' using errcode = 'PT404';
  end if;
  select bp.stage into v_stage from public.brief_projects bp where bp.enterprise_id = v_invite.enterprise_id;
  if v_stage = 'abandoned' then
    raise exception 'This project was abandoned.' using errcode = '22023';
  end if;
  if not private.is_project_member(v_invite.enterprise_id) then
    if (select count(*) from public.project_cofounders c where c.enterprise_id = v_invite.enterprise_id) >= 20 then
      raise exception 'This project has 20 co-founders already.' using errcode = 'PT429';
    end if;
    insert into public.project_cofounders (enterprise_id, user_id) values (v_invite.enterprise_id, v_user);
  end if;
  return private.project_json(v_invite.enterprise_id);
end
$$;
grant execute on function private.join_project(text) to authenticated;

/**
 * The founder moves the project on: starting ──▶ active (the enterprise becomes supply),
 * starting or active ──▶ abandoned (every need it adopted and has not met goes back to
 * open through reopen_need, and the enterprise closes).
 */
create function private.set_project_stage(p_enterprise_id uuid, p_stage text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_confirmed('run a project');
  v_project public.brief_projects;
  v_need uuid;
begin
  perform private.check_choice(p_stage, array['active', 'abandoned'], 'The stage');
  if p_stage is null then
    raise exception 'The stage must be one of: active, abandoned.' using errcode = '22023';
  end if;
  select * into v_project from public.brief_projects bp where bp.enterprise_id = p_enterprise_id for update;
  if not found then
    raise exception 'That project does not exist.' using errcode = 'PT404';
  end if;
  if not exists (select 1 from public.enterprises e where e.id = p_enterprise_id and e.owner_id = v_user) then
    raise exception 'Only the founder of a project can change its stage.' using errcode = '42501';
  end if;
  if v_project.stage = p_stage then
    return private.project_json(p_enterprise_id);
  end if;
  if v_project.stage = 'abandoned' then
    raise exception 'This project was abandoned; start a new one from the brief instead.' using errcode = '22023';
  end if;
  if p_stage = 'abandoned' then
    for v_need in
      select n.id from public.needs n where n.adopted_by_enterprise = p_enterprise_id and n.status = 'adopted'
      order by n.id
    loop
      perform public.reopen_need(v_need, 'The project that adopted this need has stopped, so it is open again.');
    end loop;
  end if;
  update public.enterprises e set status = case p_stage when 'active' then 'active' else 'closed' end
  where e.id = p_enterprise_id;
  update public.brief_projects bp set stage = p_stage, stage_changed_at = now() where bp.enterprise_id = p_enterprise_id;
  return private.project_json(p_enterprise_id);
end
$$;
grant execute on function private.set_project_stage(uuid, text) to authenticated;

-- ---------------------------------------------------------------------------
-- The public API
-- ---------------------------------------------------------------------------

/**
 * Briefs ranked by demand ('demand') or by how long unmet ('unmet'), filtered by category
 * and neighbourhood (a brief spanning two neighbourhoods is in both), with any projects
 * started from them; the top 1000. Example: select list_briefs(category => 'food') -> 0 ->> 'brief_id';
 */
create function public.list_briefs(radius_m float8 default 400, min_demand int default 3, category text default null,
                                   neighbourhood uuid default null, sort text default 'demand')
returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform private.check_brief_params(list_briefs.radius_m, list_briefs.min_demand);
  perform private.check_choice(list_briefs.sort, array['demand', 'unmet'], 'The order');
  if list_briefs.category is not null and not exists (select 1 from public.categories c where c.slug = list_briefs.category) then
    raise exception 'Unknown category: %.', list_briefs.category using errcode = '22023';
  end if;
  return (
    -- Materialized: inlined, the planner folds the join below into the clustering query
    -- and picks a slower plan for it.
    with m as materialized (
      select * from private.brief_members(list_briefs.radius_m, list_briefs.category)
    ), briefs as (
      select m.brief_id, min(m.category) as category, array_agg(m.need_id) as need_ids, sum(m.weight) as demand,
             min(n.created_at) as first_raised,
             bool_or(n.neighbourhood_id is not distinct from list_briefs.neighbourhood) as in_neighbourhood
      from m join public.needs n on n.id = m.need_id
      group by m.brief_id
      having sum(m.weight) >= list_briefs.min_demand
    ), ranked as (
      -- Ranked and capped before the summaries are built, so the cap keeps the top briefs.
      select b.*, row_number() over (order by
               case when list_briefs.sort = 'demand' then -b.demand end,
               b.first_raised,
               case when list_briefs.sort = 'unmet' then -b.demand end,
               b.brief_id) as rank
      from briefs b
      where list_briefs.neighbourhood is null or b.in_neighbourhood
      order by rank
      limit 1000
    )
    select coalesce(jsonb_agg(private.brief_summary(r.brief_id, r.category, r.need_ids) || jsonb_build_object(
             'projects', coalesce((select jsonb_agg(jsonb_build_object('project_id', bp.enterprise_id, 'name', e.name,
                                                                        'stage', bp.stage) order by bp.started_at)
                                   from public.brief_projects bp join public.enterprises e on e.id = bp.enterprise_id
                                   where bp.stage <> 'abandoned' and bp.category = r.category
                                     and (bp.brief_id = r.brief_id
                                          or exists (select 1 from public.brief_project_needs pn
                                                     where pn.enterprise_id = bp.enterprise_id
                                                       and pn.need_id = any (r.need_ids)))), '[]'::jsonb))
             order by r.rank), '[]'::jsonb)
    from ranked r);
end
$$;

/**
 * One brief's page: what people asked for (public texts only), its streets, how long it
 * has been unmet and the trend by month, places nearby that could host something, models
 * elsewhere, young people's interest (a count, never below 5, never names), the projects
 * started from it and their outcomes. `open` is false once its needs no longer form an
 * unanswered cluster (then it is shown from its projects' needs); null for an unknown brief.
 */
create function public.brief_detail(brief_id text)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_parts record := private.parse_brief_id(brief_detail.brief_id);
  v_current text;
  v_needs uuid[];
  v_projects uuid[];
  v_summary jsonb;
  v_centre extensions.geography;
begin
  select min(c.brief_id), array_agg(c.need_id) into v_current, v_needs
  from private.brief_current_needs(brief_detail.brief_id, 400) c;
  -- Projects started from this brief, or from an earlier id of the same cluster.
  select array_agg(bp.enterprise_id order by bp.started_at, bp.enterprise_id) into v_projects
  from public.brief_projects bp
  where bp.category = v_parts.category
    and (bp.brief_id = brief_detail.brief_id
         or exists (select 1 from public.brief_project_needs pn
                    where pn.enterprise_id = bp.enterprise_id and pn.need_id = any (v_needs)));
  if v_needs is null then
    -- Its earliest need is met or gone: the brief lives on through its projects' needs,
    -- and whatever cluster those needs are in now.
    if v_projects is null then
      return null;
    end if;
    select array_agg(distinct pn.need_id) into v_needs
    from public.brief_project_needs pn join public.needs n on n.id = pn.need_id and n.hidden_at is null
    where pn.enterprise_id = any (v_projects);
    select min(m.brief_id) into v_current
    from private.brief_members(400, v_parts.category) m where m.need_id = any (v_needs);
  end if;
  v_summary := private.brief_summary(brief_detail.brief_id, v_parts.category, v_needs);
  v_centre := private.make_point((v_summary -> 'centre' ->> 0)::float8, (v_summary -> 'centre' ->> 1)::float8);
  return v_summary || jsonb_build_object(
    'open', v_current is not null,
    'current_brief_id', v_current,
    -- The first 300 asked (a page for a meeting, not a database dump); 'needs' has the count.
    'asked', (select coalesce(jsonb_agg(jsonb_build_object('id', q.id, 'body', q.body, 'street_name', q.street_name,
                                                           'supporters', q.supporters_count, 'status', q.status,
                                                           'created_at', q.created_at)
                                        order by q.created_at, q.id), '[]'::jsonb)
              from (select n.id, n.body, s.name as street_name, n.supporters_count, n.status, n.created_at
                    from public.needs n join public.streets s on s.id = n.street_id
                    where n.id = any (v_needs) and n.hidden_at is null
                    order by n.created_at, n.id limit 300) q),
    'by_street', (select coalesce(jsonb_agg(x order by (x ->> 'demand')::int desc, x ->> 'street_name'), '[]'::jsonb)
                  from (select jsonb_build_object('street_name', coalesce(s.name, 'Unnamed street'), 'needs', count(*),
                                                  'demand', sum(1 + n.supporters_count)) as x
                        from public.needs n join public.streets s on s.id = n.street_id
                        where n.id = any (v_needs) group by s.name) q),
    -- One pass over the brief's needs (a county-sized brief has thousands).
    'by_month', (with raised as (
                   select date_trunc('month', n.created_at at time zone 'UTC') as m, count(*) as c
                   from public.needs n where n.id = any (v_needs) group by 1)
                 select jsonb_agg(jsonb_build_object('month', to_char(g, 'YYYY-MM'),
                                                     'raised', coalesce((select r.c from raised r where r.m = g), 0))
                                  order by g)
                 from generate_series(date_trunc('month', now() at time zone 'UTC') - interval '11 months',
                                      date_trunc('month', now() at time zone 'UTC'), interval '1 month') g),
    'hosts', (select coalesce(jsonb_agg(h order by (h ->> 'distance_m')::float8, h ->> 'name'), '[]'::jsonb)
              from (select jsonb_build_object('id', a.id, 'name', a.name, 'address', a.address,
                                              'categories', to_jsonb(a.categories),
                                              'distance_m', round(extensions.st_distance(a.geom, v_centre, false)::numeric)) as h
                    from public.assets a
                    where extensions.st_dwithin(a.geom, v_centre, 800, false)
                      -- Places with a room or space to lend: halls, centres, libraries, churches.
                      and (a.name ~* '(hall|centre|center|library|church|chapel|institute|pavilion|scout|meeting)'
                           or a.categories && array['loneliness', 'culture'])
                    order by extensions.st_distance(a.geom, v_centre, false), a.name, a.id
                    limit 8) q),
    'models', (select coalesce(jsonb_agg(x order by (x ->> 'distance_m')::float8, x ->> 'name'), '[]'::jsonb)
               from (select jsonb_build_object('id', e.id, 'name', e.name, 'social_goal', e.social_goal,
                                               'distance_m', round(extensions.st_distance(e.geom, v_centre, false)::numeric)) as x
                     from public.enterprises e
                     where e.status = 'active' and e.categories @> array[v_parts.category]
                       and not exists (select 1 from public.brief_projects bp where bp.enterprise_id = e.id
                                       and bp.brief_id = brief_detail.brief_id)
                     order by extensions.st_distance(e.geom, v_centre, false), e.name, e.id
                     limit 5) q),
    'young_people_interested', private.young_interest_near(v_parts.category, v_centre),
    'young_people_threshold', 5,
    'projects', coalesce((select jsonb_agg(jsonb_build_object('project_id', bp.enterprise_id, 'name', e.name,
                                                              'stage', bp.stage, 'started_at', bp.started_at,
                                                              'outcomes', private.project_outcomes(array[bp.enterprise_id]))
                                           order by bp.started_at, bp.enterprise_id)
                          from public.brief_projects bp join public.enterprises e on e.id = bp.enterprise_id
                          where bp.enterprise_id = any (v_projects)), '[]'::jsonb),
    'outcomes', case when v_projects is not null then private.project_outcomes(v_projects) end);
end
$$;

/**
 * Per neighbourhood: briefs open now, projects started from briefs, and needs those
 * projects met (confirmed by the people who raised them). A brief or project whose needs
 * span two neighbourhoods counts in both.
 */
create function public.brief_outcomes_by_neighbourhood(radius_m float8 default 400, min_demand int default 3)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  perform private.check_brief_params(brief_outcomes_by_neighbourhood.radius_m, brief_outcomes_by_neighbourhood.min_demand);
  return (
    with m as (
      select * from private.brief_members(brief_outcomes_by_neighbourhood.radius_m, null)
    ), open_briefs as (
      select m.brief_id from m group by m.brief_id having sum(m.weight) >= brief_outcomes_by_neighbourhood.min_demand
    ), brief_nb as (
      select distinct m.brief_id, n.neighbourhood_id
      from m join open_briefs b on b.brief_id = m.brief_id join public.needs n on n.id = m.need_id
    ), project_nb as (
      select distinct pn.enterprise_id, n.neighbourhood_id
      from public.brief_project_needs pn join public.needs n on n.id = pn.need_id
    ), met as (
      select n.neighbourhood_id, count(distinct n.id) as met
      from public.brief_project_needs pn join public.needs n on n.id = pn.need_id
      where n.adopted_by_enterprise = pn.enterprise_id and n.status = 'met' and n.met_confirmed_at is not null
        and n.hidden_at is null
      group by n.neighbourhood_id
    )
    select coalesce(jsonb_agg(jsonb_build_object(
             'neighbourhood_id', nb.id, 'code', nb.code, 'name', nb.name,
             'briefs_open', (select count(*) from brief_nb b where b.neighbourhood_id = nb.id),
             'projects_started', (select count(*) from project_nb p where p.neighbourhood_id = nb.id),
             'needs_met_by_projects', coalesce((select x.met from met x where x.neighbourhood_id = nb.id), 0))
           order by nb.name, nb.id), '[]'::jsonb)
    from public.neighbourhoods nb);
end
$$;

/** Start a project from an open brief (confirmed accounts); you become its founder. */
create function public.start_project_from_brief(brief_id text, name text, social_goal text, contact text)
returns jsonb language sql volatile set search_path = ''
as $$ select private.start_project_from_brief(brief_id, name, social_goal, contact) $$;

/** Adopt the brief's open needs for your project (all, or the ones named). */
create function public.adopt_brief_needs(project_id uuid, need_ids uuid[] default null, note text default null)
returns jsonb language sql volatile set search_path = ''
as $$ select private.adopt_brief_needs(project_id, need_ids, note) $$;

/** An invitation link token for co-founders of your project. */
create function public.invite_cofounder(project_id uuid)
returns jsonb language sql volatile set search_path = ''
as $$ select private.invite_cofounder(project_id) $$;

/** Join a project as a co-founder with an invitation token. */
create function public.join_project(token text)
returns jsonb language sql volatile set search_path = ''
as $$ select private.join_project(token) $$;

/** Make your project active, or abandon it (its adoptions are released). */
create function public.set_project_stage(project_id uuid, stage text)
returns jsonb language sql volatile set search_path = ''
as $$ select private.set_project_stage(project_id, stage) $$;

/** One project started from a brief; null when there is none. */
create function public.project_detail(project_id uuid)
returns jsonb language sql stable set search_path = ''
as $$ select private.project_json(project_id) $$;

/** The projects started for a need (its brief's, or the one that adopted it), for the need page. */
create function public.need_projects(need_id uuid)
returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('project_id', bp.enterprise_id, 'name', e.name, 'stage', bp.stage,
                                               'brief_id', bp.brief_id,
                                               'adopted_this', n.adopted_by_enterprise = bp.enterprise_id,
                                               -- So the need's author can answer "is it met?" where they read this.
                                               'awaiting_my_confirmation', n.adopted_by_enterprise = bp.enterprise_id
                                                 and private.met_claim_waiting(n) and private.is_need_author(n.id))
                            order by bp.started_at, bp.enterprise_id), '[]'::jsonb)
  from public.brief_project_needs pn
  join public.brief_projects bp on bp.enterprise_id = pn.enterprise_id and bp.stage <> 'abandoned'
  join public.enterprises e on e.id = bp.enterprise_id
  join public.needs n on n.id = pn.need_id
  where pn.need_id = need_projects.need_id
$$;

revoke execute on function public.list_briefs(float8, int, text, uuid, text), public.brief_detail(text),
  public.brief_outcomes_by_neighbourhood(float8, int), public.start_project_from_brief(text, text, text, text),
  public.adopt_brief_needs(uuid, uuid[], text), public.invite_cofounder(uuid), public.join_project(text),
  public.set_project_stage(uuid, text), public.project_detail(uuid), public.need_projects(uuid)
  from public, anon, authenticated;
grant execute on function public.list_briefs(float8, int, text, uuid, text), public.brief_detail(text),
  public.brief_outcomes_by_neighbourhood(float8, int), public.project_detail(uuid), public.need_projects(uuid)
  to anon, authenticated;
grant execute on function public.start_project_from_brief(text, text, text, text),
  public.adopt_brief_needs(uuid, uuid[], text), public.invite_cofounder(uuid), public.join_project(text),
  public.set_project_stage(uuid, text) to authenticated;

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
