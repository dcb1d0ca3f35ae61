-- API: young people find opportunities near them and say "I'd like to join".

-- Walking speed for the time estimates: 80 m a minute (4.8 km/h), a common planning figure.

/** A number within bounds (null passes through), or a clear refusal. */
create function private.check_range(p_value float8, p_min float8, p_max float8, p_label text)
returns float8
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_value is not null and (p_value in ('NaN', 'Infinity', '-Infinity') or p_value < p_min or p_value > p_max) then
    raise exception '% must be between % and %.', p_label, p_min, p_max using errcode = '22023';
  end if;
  return p_value;
end
$$;
grant execute on function private.check_range(float8, float8, float8, text) to anon, authenticated;

/** One of a fixed set of words (null passes through), or a clear refusal. */
create function private.check_choice(p_value text, p_choices text[], p_label text)
returns text
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_value is not null and not (p_value = any (p_choices)) then
    raise exception '% must be one of: %.', p_label, array_to_string(p_choices, ', ') using errcode = '22023';
  end if;
  return p_value;
end
$$;
grant execute on function private.check_choice(text, text[], text) to anon, authenticated;

/** Open opportunities of active enterprises near a point, nearest first, as a JSON array. */
create function public.nearby_opportunities(
  lon float8, lat float8, radius_m float8 default 5000, categories text[] default null,
  paid boolean default null, commitment text default null, age int default null, max_results int default 50
)
returns jsonb
language sql stable
set search_path = ''
as $$
  with here as (
    select private.make_point(nearby_opportunities.lon, nearby_opportunities.lat) as geom,
           private.category_filter(nearby_opportunities.categories) as categories,
           private.check_range(nearby_opportunities.radius_m, 1, 50000, 'The search radius') as radius_m,
           private.check_range(nearby_opportunities.max_results, 1, 200, 'The number of results')::int as max_results,
           private.check_choice(nearby_opportunities.commitment, array['one-off', 'flexible', 'weekly', 'part-time'],
                                'Commitment') as commitment,
           private.check_range(nearby_opportunities.age, 10, 120, 'Age')::int as age
  ), matches as (
    select o.*, e.name as enterprise_name, e.social_goal, e.categories as enterprise_categories,
           e.contact, e.website, e.geom as enterprise_geom,
           extensions.st_distance(e.geom, here.geom, false) as distance_m
    from here
    join public.enterprises e on extensions.st_dwithin(e.geom, here.geom, here.radius_m, false)
    join public.opportunities o on o.enterprise_id = e.id
    where e.status = 'active' and o.status = 'open'
      and (here.categories is null or e.categories && here.categories)
      and (nearby_opportunities.paid is null or o.paid = nearby_opportunities.paid)
      and (here.commitment is null or o.commitment = here.commitment)
      and (here.age is null or here.age between o.min_age and o.max_age)
    order by distance_m, o.title, o.id
    limit (select max_results from here)
  )
  select coalesce(jsonb_agg(jsonb_build_object(
    'opportunity_id', f.id, 'title', f.title, 'description', f.description, 'skills', f.skills,
    'min_age', f.min_age, 'max_age', f.max_age, 'commitment', f.commitment, 'paid', f.paid,
    'enterprise_id', f.enterprise_id, 'enterprise_name', f.enterprise_name, 'social_goal', f.social_goal,
    'categories', f.enterprise_categories, 'contact', f.contact, 'website', f.website,
    'lon', round(extensions.st_x(f.enterprise_geom::extensions.geometry)::numeric, 6),
    'lat', round(extensions.st_y(f.enterprise_geom::extensions.geometry)::numeric, 6),
    'distance_m', round(f.distance_m::numeric, 1),
    'walking_minutes', ceil(f.distance_m / 80)::int) order by f.distance_m, f.title, f.id), '[]'::jsonb)
  from matches f
$$;

/** Records the caller's interest in an opportunity, refusing ages outside its range. */
create function private.express_interest(
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
  if v_opp.status <> 'open' or v_opp.enterprise_status <> 'active' then
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
grant execute on function private.express_interest(uuid, text, text, text, int, text) to authenticated;

/** Say "I'd like to join" (again with the same opportunity: updates, never duplicates). */
create function public.express_interest(
  opportunity_id uuid, display_name text, reply_via text, reply_to text default null,
  age int default null, message text default null
)
returns jsonb language sql volatile set search_path = ''
as $$ select private.express_interest(opportunity_id, display_name, reply_via, reply_to, age, message) $$;

/** Withdraw one's own interest; says so when there was nothing to withdraw. */
create function public.withdraw_interest(interest_id uuid)
returns jsonb
language plpgsql volatile
set search_path = ''
as $$
begin
  perform private.require_user();
  delete from public.interests i where i.id = interest_id and i.user_id = (select auth.uid());
  if not found then
    raise exception 'You have no such interest to withdraw.' using errcode = 'PT404';
  end if;
  return jsonb_build_object('id', interest_id, 'withdrawn', true);
end
$$;

/** The caller's own interests, with what they are interested in. */
create function public.my_interests()
returns table (id uuid, opportunity_id uuid, title text, enterprise_name text, display_name text,
               reply_via text, reply_to text, age int, message text, created_at timestamptz)
language sql stable
set search_path = ''
as $$
  select i.id, i.opportunity_id, o.title, e.name, i.display_name, i.reply_via, i.reply_to,
         i.age, i.message, i.created_at
  from public.interests i
  join public.opportunities o on o.id = i.opportunity_id
  join public.enterprises e on e.id = o.enterprise_id
  where i.user_id = (select auth.uid())
  order by i.created_at desc
$$;

/** Interests in the caller's own enterprises' opportunities (owners only, by RLS). */
create function public.enterprise_interests()
returns table (id uuid, opportunity_id uuid, title text, enterprise_id uuid, enterprise_name text,
               display_name text, reply_via text, reply_to text, age int, message text, created_at timestamptz)
language sql stable
set search_path = ''
as $$
  select i.id, i.opportunity_id, o.title, e.id, e.name, i.display_name, i.reply_via, i.reply_to,
         i.age, i.message, i.created_at
  from public.interests i
  join public.opportunities o on o.id = i.opportunity_id
  join public.enterprises e on e.id = o.enterprise_id
  where e.owner_id = (select auth.uid())
  order by i.created_at desc
$$;

revoke execute on function
  public.nearby_opportunities(float8, float8, float8, text[], boolean, text, int, int),
  public.express_interest(uuid, text, text, text, int, text), public.withdraw_interest(uuid),
  public.my_interests(), public.enterprise_interests() from public;
grant execute on function public.nearby_opportunities(float8, float8, float8, text[], boolean, text, int, int)
  to anon, authenticated;
grant execute on function public.express_interest(uuid, text, text, text, int, text), public.withdraw_interest(uuid),
  public.my_interests(), public.enterprise_interests() to authenticated;

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
