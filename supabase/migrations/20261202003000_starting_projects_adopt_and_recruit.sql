-- A project just starting from a brief (issue 14), as a project rather than a person:
--
--   * it adopts needs itself: adopt_need takes a starting brief project that the caller
--     founded or co-founds, at the enterprise rate, with every trust rule (one open
--     adoption per need, the daily rate, the open-adoption limit, the review queue) still
--     enforced here; adopt_brief_needs goes through it instead of adopting as a person
--     and rewriting the adoption afterwards;
--   * each need's author is told when a project adopts their need (in the app, and by
--     mail when their address is confirmed: private.notify);
--   * young people find its roles in Find projects as soon as it adds any, and can say
--     "I'd like to join" (nearby_opportunities, opportunity_detail, express_interest).

alter table public.notifications drop constraint notifications_kind_check;
alter table public.notifications add constraint notifications_kind_check
  check (kind in ('met_claimed', 'met_confirmed', 'met_disputed', 'adoption_undone', 'adopted'));

/**
 * Whether the caller may adopt for this enterprise, and why not: its owner, or (for a
 * project started from a brief) a co-founder; an active enterprise, or a brief project
 * still starting. Null when allowed, else the refusal (sqlstate, message).
 */
create function private.adopting_enterprise_refusal(p_enterprise public.enterprises, p_user uuid,
                                                     out errcode text, out message text)
language plpgsql stable
set search_path = ''
as $$
declare
  v_stage text;
begin
  select bp.stage into v_stage from public.brief_projects bp where bp.enterprise_id = p_enterprise.id;
  if p_enterprise.owner_id is distinct from p_user
     and not (v_stage is not null and exists (select 1 from public.project_cofounders c
                                              where c.enterprise_id = p_enterprise.id and c.user_id = p_user)) then
    errcode := '42501';
    message := 'Only the owner of an enterprise can adopt needs on its behalf.';
  elsif not (p_enterprise.status = 'active' or (p_enterprise.status = 'starting' and v_stage = 'starting')) then
    errcode := '22023';
    message := format('Only an active enterprise can adopt needs; %s is %s.', p_enterprise.name, p_enterprise.status);
  end if;
end
$$;

/**
 * As 20261201001600, and for a project started from a brief: a starting project adopts
 * at the enterprise rate, and the need's author is told that the project is on it.
 */
create or replace function private.adopt_need(p_need_id uuid, p_enterprise_id uuid, p_note text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_confirmed('adopt a need');
  v_need public.needs;
  v_note text := private.optional_note(p_note);
  v_enterprise public.enterprises;
  v_refusal record;
  v_recent int;
begin
  -- One adoption at a time per person, so the daily rate below cannot be raced past.
  perform pg_advisory_xact_lock(hashtextextended('adopt_need:' || v_user::text, 0));
  v_need := private.visible_need(p_need_id);
  if private.is_need_author(p_need_id) then
    raise exception 'You raised this need, so someone else has to adopt it; if it is sorted, mark it met.'
      using errcode = '42501';
  end if;
  if p_enterprise_id is not null then
    select * into v_enterprise from public.enterprises e where e.id = p_enterprise_id;
    if not found then
      raise exception 'That enterprise does not exist.' using errcode = 'PT404';
    end if;
    v_refusal := private.adopting_enterprise_refusal(v_enterprise, v_user);
    if v_refusal.errcode is not null then
      raise exception '%', v_refusal.message using errcode = v_refusal.errcode;
    end if;
  end if;
  if v_need.status = 'adopted' then
    if exists (select 1 from public.need_adoptions a where a.need_id = p_need_id and a.adopter_id = v_user
               and a.enterprise_id is not distinct from p_enterprise_id) then
      return private.need_outcome_json(p_need_id);  -- a retry of an adoption that landed
    end if;
    raise exception 'Someone is already on this need.' using errcode = '22023';
  end if;
  if v_need.status not in ('open', 'acknowledged') then
    raise exception 'This need is %, so it cannot be adopted.', v_need.status using errcode = '22023';
  end if;
  if private.adopter_under_review(v_user) then
    raise exception 'Several of your recent "met" claims were disputed by the people who raised them; a moderator will review them before you adopt more.'
      using errcode = '42501';
  end if;
  select count(*) into v_recent from public.need_events e
  where e.actor_id = v_user and e.to_status = 'adopted' and e.from_status in ('open', 'acknowledged')
    and e.actor_role = case when p_enterprise_id is null then 'adopter' else 'enterprise' end
    and e.created_at > now() - interval '24 hours';
  if v_recent >= private.adoptions_per_day(p_enterprise_id is not null) then
    raise exception 'You have adopted % needs in the last 24 hours, the most % may; please come back tomorrow.',
      v_recent, case when p_enterprise_id is null then 'a person' else 'an enterprise' end
      using errcode = 'PT429';
  end if;
  if (select count(*) from public.need_adoptions a join public.needs n on n.id = a.need_id
      where a.adopter_id = v_user and n.status = 'adopted') >= private.adoption_limit() then
    raise exception 'You already have % needs adopted and not yet met; mark some met or let them go first.',
      private.adoption_limit() using errcode = 'PT429';
  end if;

  insert into public.need_adoptions (need_id, adopter_id, enterprise_id)
  values (p_need_id, v_user, p_enterprise_id);
  perform private.set_need_status(p_need_id, 'adopted', v_user, v_note, now(),
                                  case when p_enterprise_id is null then 'adopter' else 'enterprise' end);
  update public.needs set adopted_by_enterprise = p_enterprise_id where id = p_need_id;
  if exists (select 1 from public.brief_projects bp where bp.enterprise_id = p_enterprise_id) then
    perform private.notify(private.need_author(p_need_id), p_need_id, 'adopted',
      left(v_enterprise.name, 120) || ', a project started for needs like yours, has adopted the need you raised ("'
      || left(v_need.body, 80) || '"). They will mark it met when it is; you will be asked to confirm.');
  end if;
  return private.need_outcome_json(p_need_id);
end
$$;

/**
 * As 20261201004100, but each need is adopted by the project itself through adopt_need
 * (its trust rules, the enterprise rate, and the author told); one refused need is
 * reported and the rest go ahead.
 */
create or replace function private.adopt_brief_needs(p_enterprise_id uuid, p_need_ids uuid[], p_note text)
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
      perform private.adopt_need(v_need, p_enterprise_id,
        coalesce(v_note, 'Adopted by ' || v_name || ', a project started from a brief for needs like this one.'));
      v_adopted := v_adopted || v_need;
    exception when others then
      v_skipped := v_skipped || jsonb_build_object('need_id', v_need, 'reason', sqlerrm);
    end;
  end loop;
  return jsonb_build_object('adopted', to_jsonb(v_adopted), 'skipped', v_skipped,
                            'project', private.project_json(p_enterprise_id));
end
$$;

/** As 20261127000800, and an opportunity of a starting project takes interest too. */
create or replace function private.express_interest(
  p_opportunity_id uuid, p_display_name text, p_reply_via text, p_reply_to text, p_age int, p_message text
)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_user();
  v_opp record;
  v_interest public.interests;
begin
  select o.*, e.status as enterprise_status into v_opp
  from public.opportunities o join public.enterprises e on e.id = o.enterprise_id
  where o.id = p_opportunity_id;
  if not found then
    raise exception 'That opportunity does not exist.' using errcode = 'PT404';
  end if;
  -- A project just starting (from a brief) takes interest in its roles at once.
  if v_opp.status <> 'open' or v_opp.enterprise_status not in ('active', 'starting') then
    raise exception 'This opportunity is no longer open.' using errcode = '22023';
  end if;
  if p_age is null then
    raise exception 'Please give your age (it is checked against who the opportunity suits).' using errcode = '22023';
  end if;
  perform private.check_range(p_age, 10, 120, 'Age');
  if p_age not between v_opp.min_age and v_opp.max_age then
    raise exception 'This opportunity is for ages % to %.', v_opp.min_age, v_opp.max_age using errcode = '22023';
  end if;
  perform private.check_choice(p_reply_via, array['email', 'phone', 'in-person'], 'How to reply');
  if p_reply_via is null then
    raise exception 'Choose how the project may reply: email, phone or in person.' using errcode = '22023';
  end if;
  if p_reply_via in ('email', 'phone') and nullif(btrim(p_reply_to), '') is null then
    raise exception 'Give the % the project may reply to.',
      case p_reply_via when 'email' then 'email address' else 'phone number' end using errcode = '22023';
  end if;
  if char_length(btrim(p_reply_to)) > 200 and p_reply_via <> 'in-person' then
    raise exception 'The address to reply to must be at most 200 characters.' using errcode = '22023';
  end if;
  if p_reply_via = 'email' and btrim(p_reply_to) !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    raise exception 'That email address does not look right.' using errcode = '22023';
  end if;
  if p_reply_via = 'phone' and btrim(p_reply_to) !~ '^\+?[0-9 ()-]{6,20}$' then
    raise exception 'That phone number does not look right.' using errcode = '22023';
  end if;

  insert into public.interests as i (opportunity_id, user_id, display_name, reply_via, reply_to, age, message)
  values (p_opportunity_id, v_user, private.clean_text(p_display_name, 'Your name or nickname', 1, 40),
          p_reply_via,
          case when p_reply_via = 'in-person' then null else btrim(p_reply_to) end,
          p_age,
          case when nullif(btrim(p_message), '') is null then null
               else private.clean_text(p_message, 'The message', 1, 500) end)
  on conflict (opportunity_id, user_id) do update
    set display_name = excluded.display_name, reply_via = excluded.reply_via,
        reply_to = excluded.reply_to, age = excluded.age, message = excluded.message
  returning * into v_interest;
  return jsonb_build_object('id', v_interest.id, 'opportunity_id', v_interest.opportunity_id,
    'display_name', v_interest.display_name, 'reply_via', v_interest.reply_via,
    'reply_to', v_interest.reply_to, 'age', v_interest.age, 'message', v_interest.message,
    'created_at', v_interest.created_at);
end
$$;

/** As 20261127001300: an opportunity of a project just starting takes interest too (`open`; enterprise_status says 'starting'). */
create or replace function public.opportunity_detail(opportunity_id uuid)
returns jsonb
language sql stable
set search_path = ''
as $$
  select private.opportunity_json(o.id) || jsonb_build_object(
    'open', o.status = 'open' and e.status in ('active', 'starting'),
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

/**
 * As 20261201005000, and a project just starting (from a brief) is found as soon as it
 * has roles (its rows carry project_starting: true). Open opportunities near a point, nearest on foot first, as a
 * JSON array. distance_m is the walking distance along the streets (route 'streets'),
 * or the straight line where no route is found (route 'crow'); straight_m is always the
 * straight line. Routes are looked for up to 3 km away (about 40 minutes' walk); farther
 * results say "as the crow flies".
 */
create or replace function public.nearby_opportunities(
  lon float8, lat float8, radius_m float8 default 5000, categories text[] default null,
  paid boolean default null, commitment text default null, age int default null, max_results int default 50
)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_here extensions.geography := private.make_point(lon, lat);
  v_rows jsonb[];
  v_targets extensions.geography[];
  v_straight float8[];
  v_walk float8[];
  v_routable int[] := '{}';
  v_bound float8 := 0;
  v_out jsonb := '[]';
  i int;
begin
  with here as (
    select v_here as geom,
           private.category_filter(nearby_opportunities.categories) as categories,
           private.check_range(nearby_opportunities.radius_m, 1, 50000, 'The search radius') as radius_m,
           private.check_range(nearby_opportunities.max_results, 1, 200, 'The number of results')::int as max_results,
           private.check_choice(nearby_opportunities.commitment, array['one-off', 'flexible', 'weekly', 'part-time'],
                                'Commitment') as commitment,
           private.check_range(nearby_opportunities.age, 10, 120, 'Age')::int as age
  ), matches as (
    select o.*, e.name as enterprise_name, e.social_goal, e.categories as enterprise_categories,
           e.contact, e.website, e.geom as enterprise_geom, e.status as enterprise_status,
           extensions.st_distance(e.geom, here.geom, false) as distance_m
    from here
    join public.enterprises e on extensions.st_dwithin(e.geom, here.geom, here.radius_m, false)
    join public.opportunities o on o.enterprise_id = e.id
    where e.status in ('active', 'starting') and o.status = 'open'
      and (here.categories is null or e.categories && here.categories)
      and (nearby_opportunities.paid is null or o.paid = nearby_opportunities.paid)
      and (here.commitment is null or o.commitment = here.commitment)
      and (here.age is null or here.age between o.min_age and o.max_age)
    order by distance_m, o.title, o.id
    limit (select here.max_results from here)
  )
  select array_agg(jsonb_build_object(
           'opportunity_id', f.id, 'title', f.title, 'description', f.description, 'skills', f.skills,
           'min_age', f.min_age, 'max_age', f.max_age, 'commitment', f.commitment, 'paid', f.paid,
           'enterprise_id', f.enterprise_id, 'enterprise_name', f.enterprise_name, 'social_goal', f.social_goal,
           'categories', f.enterprise_categories, 'contact', f.contact, 'website', f.website,
           'lon', round(extensions.st_x(f.enterprise_geom::extensions.geometry)::numeric, 6),
           'lat', round(extensions.st_y(f.enterprise_geom::extensions.geometry)::numeric, 6))
         -- Only on a starting project's rows, so every other row reads as before.
         || case when f.enterprise_status = 'starting' then '{"project_starting": true}'::jsonb else '{}'::jsonb end
         order by f.distance_m, f.title, f.id),
         array_agg(f.enterprise_geom order by f.distance_m, f.title, f.id),
         array_agg(f.distance_m order by f.distance_m, f.title, f.id)
  into v_rows, v_targets, v_straight
  from matches f;
  if v_rows is null then
    return '[]';
  end if;

  -- Route the ones within 3 km; the network searched reaches a little past the farthest.
  for i in 1..array_length(v_rows, 1) loop
    if v_straight[i] <= 3000 then
      v_routable := v_routable || i;
      v_bound := greatest(v_bound, v_straight[i]);
    end if;
  end loop;
  v_walk := array_fill(null::float8, array[array_length(v_rows, 1)]);
  if array_length(v_routable, 1) > 0 then
    declare
      v_found float8[] := private.walking_distances(v_here,
        array(select v_targets[r] from unnest(v_routable) with ordinality u(r, n) order by n), v_bound * 1.5 + 300);
    begin
      for i in 1..array_length(v_routable, 1) loop
        v_walk[v_routable[i]] := v_found[i];
      end loop;
    end;
  end if;

  select coalesce(jsonb_agg(r.row || jsonb_build_object(
           'distance_m', round(r.distance::numeric, 1),
           'straight_m', round(r.straight::numeric, 1),
           'route', case when r.walk is null then 'crow' else 'streets' end,
           -- 80 m a minute: an unhurried 4.8 km/h.
           'walking_minutes', ceil(r.distance / 80)::int)
         order by r.distance, r.straight, r.n), '[]'::jsonb)
  into v_out
  from (
    select x.row, x.n, s.straight, w.walk, coalesce(w.walk, s.straight) as distance
    from unnest(v_rows) with ordinality x(row, n)
    join unnest(v_straight) with ordinality s(straight, n) using (n)
    join unnest(v_walk) with ordinality w(walk, n) using (n)
  ) r;
  return v_out;
end;
$$;

-- Postgres lets PUBLIC execute every new function; only adopt_need (definer) calls this.
revoke execute on function private.adopting_enterprise_refusal(public.enterprises, uuid) from public, anon, authenticated;
