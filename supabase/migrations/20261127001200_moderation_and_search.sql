-- Residents' helpers and moderation: similar needs nearby (support instead of
-- duplicating), reports of abuse, moderators hiding needs, and search over the
-- town's own streets, neighbourhoods, assets and enterprises (no external geocoder).

/** A signed-in user's report that a need is abusive or wrong; one per person per need. */
create table public.need_reports (
  need_id uuid not null references public.needs (id) on delete cascade,
  reporter_id uuid not null references auth.users (id) on delete cascade,
  reason text not null check (char_length(reason) between 3 and 500),
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  primary key (need_id, reporter_id)
);
alter table public.need_reports enable row level security;

create index need_reports_open_idx on public.need_reports (need_id) where resolved_at is null;
create index need_reports_reporter_idx on public.need_reports (reporter_id);

create policy "Users can read their own reports" on public.need_reports
  for select to authenticated using (reporter_id = (select auth.uid()));
create policy "Moderators can read all reports" on public.need_reports
  for select to authenticated using ((select private.has_role('moderator')));

/** Records the caller's report; reporting again updates the reason. */
create function private.report_need(p_need_id uuid, p_reason text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_user();
begin
  perform private.visible_need(p_need_id);
  insert into public.need_reports (need_id, reporter_id, reason)
  values (p_need_id, v_user, private.clean_text(p_reason, 'The reason', 3, 500))
  on conflict (need_id, reporter_id) do update set reason = excluded.reason, resolved_at = null;
  return jsonb_build_object('need_id', p_need_id, 'reported', true);
end
$$;
grant execute on function private.report_need(uuid, text) to authenticated;

/** A moderator hides (or restores) a need; the reason is kept as a need event. */
create function private.moderate_need(p_need_id uuid, p_hide boolean, p_reason text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_user();
  v_reason text := private.clean_text(p_reason, 'The reason', 3, 500);
  v_status text;
begin
  if not private.has_role('moderator') then
    raise exception 'Only moderators can hide or restore needs.' using errcode = '42501';
  end if;
  select n.status into v_status from public.needs n where n.id = p_need_id for update;
  if not found then
    raise exception 'That need does not exist.' using errcode = 'PT404';
  end if;
  update public.needs
  set hidden_at = case when p_hide then now() end,
      hidden_reason = case when p_hide then v_reason end
  where id = p_need_id;
  update public.need_reports set resolved_at = now() where need_id = p_need_id and resolved_at is null;
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor_role, note)
  values (p_need_id, v_status, v_status, v_user, 'moderator',
          case when p_hide then 'Hidden: ' else 'Restored: ' end || v_reason);
  return private.need_json(p_need_id);
end
$$;
grant execute on function private.moderate_need(uuid, boolean, text) to authenticated;

/** Report a need as abusive or wrong. */
create function public.report_need(need_id uuid, reason text)
returns jsonb language sql volatile set search_path = ''
as $$ select private.report_need(need_id, reason) $$;

/** Moderators: hide a need from everyone else, with a reason. */
create function public.hide_need(need_id uuid, reason text)
returns jsonb language sql volatile set search_path = ''
as $$ select private.moderate_need(need_id, true, reason) $$;

/** Moderators: restore a hidden need, with a reason. */
create function public.restore_need(need_id uuid, reason text)
returns jsonb language sql volatile set search_path = ''
as $$ select private.moderate_need(need_id, false, reason) $$;

/** Moderators: needs with unresolved reports, most reported first (RLS limits it to moderators). */
create function public.reported_needs()
returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(private.need_json(r.need_id) || jsonb_build_object(
           'reports', r.reports, 'reasons', r.reasons) order by r.reports desc, r.latest desc), '[]'::jsonb)
  from (select nr.need_id, count(*) as reports, max(nr.created_at) as latest,
               jsonb_agg(nr.reason order by nr.created_at) as reasons
        from public.need_reports nr
        where nr.resolved_at is null and (select private.has_role('moderator'))
        group by nr.need_id) r
$$;

/**
 * Open needs of a category within about 150 m of a point, nearest first: offered
 * before pinning ("Is it one of these? Add your voice"). Public points only.
 */
create function public.similar_needs(lon float8, lat float8, category text, radius_m float8 default 150)
returns jsonb
language sql stable
set search_path = ''
as $$
  -- Checked in a statement of its own: in the query below they would run only when
  -- some need reaches them, so bad arguments would pass wherever there are none.
  select private.make_point(similar_needs.lon, similar_needs.lat),
         private.check_range(similar_needs.radius_m, 10, 1000, 'The search radius'),
         private.category_filter(array[similar_needs.category]);
  with here as (
    select private.make_point(similar_needs.lon, similar_needs.lat) as geom,
           private.check_range(similar_needs.radius_m, 10, 1000, 'The search radius') as radius_m,
           (private.category_filter(array[similar_needs.category]))[1] as category
  )
  select coalesce(jsonb_agg(private.need_json(m.id) || jsonb_build_object('distance_m', round(m.d::numeric))
                            order by m.d, m.id), '[]'::jsonb)
  from (select n.id, extensions.st_distance(n.public_geom, here.geom, false) as d
        from here join public.needs n
          on extensions.st_dwithin(n.public_geom, here.geom, here.radius_m, false)
        where n.category = here.category and n.hidden_at is null
          and n.status in ('open', 'acknowledged', 'adopted')
        order by d limit 10) m
$$;

/**
 * Search the town's own data: streets (one hit per street name and neighbourhood),
 * neighbourhoods, assets and enterprises whose name contains the words typed.
 */
create function public.search_places(query text, max_results int default 10)
returns jsonb
language sql stable
set search_path = ''
as $$
  with q as (
    select '%' || replace(replace(replace(lower(private.clean_text(search_places.query, 'The search', 2, 100)),
                                          '\', '\\'), '%', '\%'), '_', '\_') || '%' as pattern,
           private.check_range(search_places.max_results, 1, 50, 'The number of results')::int as cap
  ), hits as (
    select 'street' as kind, min(s.id::text) as id, s.name,
           nb.name as context,
           extensions.st_centroid(extensions.st_collect(s.geom::extensions.geometry)) as point,
           extensions.st_extent(s.geom::extensions.geometry)::extensions.geometry as extent
    from q, public.streets s left join public.neighbourhoods nb on nb.id = s.neighbourhood_id
    where lower(s.name) like q.pattern
    group by s.name, nb.name
    union all
    select 'neighbourhood', n.id::text, n.name, n.code,
           extensions.st_pointonsurface(n.geom::extensions.geometry),
           extensions.st_envelope(n.geom::extensions.geometry)
    from q, public.neighbourhoods n where lower(n.name) like q.pattern
    union all
    select 'asset', a.id::text, a.name, a.address, a.geom::extensions.geometry, null
    from q, public.assets a where lower(a.name) like q.pattern
    union all
    select 'enterprise', e.id::text, e.name, e.social_goal, e.geom::extensions.geometry, null
    from q, public.enterprises e where e.status <> 'closed' and lower(e.name) like q.pattern
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'kind', h.kind, 'id', h.id, 'name', h.name, 'context', h.context,
           'point', jsonb_build_array(round(extensions.st_x(h.point)::numeric, 6), round(extensions.st_y(h.point)::numeric, 6)),
           'bbox', case when h.extent is not null then jsonb_build_array(
              round(extensions.st_xmin(h.extent)::numeric, 6), round(extensions.st_ymin(h.extent)::numeric, 6),
              round(extensions.st_xmax(h.extent)::numeric, 6), round(extensions.st_ymax(h.extent)::numeric, 6)) end)
         order by h.starts desc, h.name, h.kind), '[]'::jsonb)
  from (select hits.*, lower(hits.name) like ltrim(q.pattern, '%') as starts
        from hits, q order by starts desc, hits.name, hits.kind limit (select cap from q)) h
$$;

revoke execute on function public.report_need(uuid, text), public.hide_need(uuid, text),
  public.restore_need(uuid, text), public.reported_needs(),
  public.similar_needs(float8, float8, text, float8), public.search_places(text, int) from public;
grant execute on function public.report_need(uuid, text), public.hide_need(uuid, text),
  public.restore_need(uuid, text), public.reported_needs() to authenticated;
grant execute on function public.similar_needs(float8, float8, text, float8), public.search_places(text, int)
  to anon, authenticated;

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
