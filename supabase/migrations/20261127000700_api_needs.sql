-- API: pinning, supporting, editing and withdrawing needs. The public functions are
-- thin invoker wrappers; each write runs in a definer helper in `private` that takes
-- the caller from the JWT (never from an argument) and checks what they may do.

/**
 * A need as the caller may see it: the exact point only to its author and moderators.
 * That is checked here as well as by RLS, because definer helpers (support_need…) call
 * this as the table owner, for whom RLS does not apply.
 */
create function private.need_json(p_need_id uuid)
returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', n.id, 'category', n.category, 'body', n.body, 'status', n.status,
    'street_id', n.street_id, 'street_name', s.name, 'neighbourhood_id', n.neighbourhood_id,
    'public_point', jsonb_build_array(round(extensions.st_x(n.public_geom::extensions.geometry)::numeric, 6),
                                      round(extensions.st_y(n.public_geom::extensions.geometry)::numeric, 6)),
    'exact_point', (select jsonb_build_array(round(extensions.st_x(p.exact_geom::extensions.geometry)::numeric, 6),
                                             round(extensions.st_y(p.exact_geom::extensions.geometry)::numeric, 6))
                    from public.need_private p
                    where p.need_id = n.id
                      and (p.author_id = (select auth.uid()) or (select private.has_role('moderator')))),
    'is_mine', private.is_need_author(n.id),
    'supported_by_me', exists (select 1 from public.need_supports ns
                               where ns.need_id = n.id and ns.user_id = (select auth.uid())),
    'supporters', n.supporters_count, 'hidden', n.hidden_at is not null,
    'created_at', n.created_at, 'status_changed_at', n.status_changed_at)
  from public.needs n
  join public.streets s on s.id = n.street_id
  where n.id = p_need_id
$$;
grant execute on function private.need_json(uuid) to anon, authenticated;

-- Hourly pin limits, in the database so no client can skip them. Anonymous sign-ins
-- are cheap to make, so they get fewer.
create function private.pin_limit_per_hour()
returns int
language sql stable
set search_path = ''
as $$
  select case when private.is_anonymous() then 10 else 30 end
$$;

/** Pins a need for the caller; a retry with the same id returns the first result. */
create function private.pin_need(p_id uuid, p_category text, p_body text, p_lon float8, p_lat float8)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_user();
  v_author uuid;
begin
  if p_id is null then
    raise exception 'A need needs an id (made by the client, so retries never duplicate).'
      using errcode = '22023';
  end if;
  -- One pin at a time per person, so concurrent retries and the hourly limit below
  -- see each other's writes instead of racing.
  perform pg_advisory_xact_lock(hashtextextended('pin_need:' || v_user::text, 0));
  select p.author_id into v_author from public.need_private p where p.need_id = p_id;
  if found then
    if v_author = v_user then
      return private.need_json(p_id);  -- a retry of a pin that already landed
    end if;
    raise exception 'That need id is already in use.' using errcode = '23505';
  end if;
  if (select count(*) from public.need_private p join public.needs n on n.id = p.need_id
      where p.author_id = v_user and n.created_at > now() - interval '1 hour')
     >= private.pin_limit_per_hour() then
    raise exception 'You have pinned % needs in the last hour; please wait before pinning more.',
      private.pin_limit_per_hour() using errcode = 'PT429';
  end if;
  perform private.record_need(p_id, v_user, p_category, p_body, p_lon, p_lat);
  return private.need_json(p_id);
end
$$;
grant execute on function private.pin_need(uuid, text, text, float8, float8) to authenticated;

/** A need the caller can act on, locked; refuses hidden or unknown ones alike. */
create function private.visible_need(p_need_id uuid)
returns public.needs
language plpgsql security definer
set search_path = ''
as $$
declare
  v public.needs;
begin
  select * into v from public.needs n where n.id = p_need_id and n.hidden_at is null for update;
  if not found then
    raise exception 'That need does not exist or has been removed.' using errcode = 'PT404';
  end if;
  return v;
end
$$;

/** "Me too": the caller supports a need, once, however often they ask. */
create function private.support_need(p_need_id uuid, p_support boolean)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_user();
  v_need public.needs := private.visible_need(p_need_id);
begin
  if p_support then
    if v_need.status not in ('open', 'acknowledged', 'adopted') then
      raise exception 'This need is no longer open, so it cannot take more support.' using errcode = '22023';
    end if;
    if exists (select 1 from public.need_private p where p.need_id = p_need_id and p.author_id = v_user) then
      raise exception 'You raised this need, so your voice is already counted.' using errcode = '22023';
    end if;
    insert into public.need_supports (need_id, user_id) values (p_need_id, v_user)
    on conflict do nothing;
  else
    delete from public.need_supports s where s.need_id = p_need_id and s.user_id = v_user;
  end if;
  return private.need_json(p_need_id);
end
$$;
grant execute on function private.support_need(uuid, boolean) to authenticated;

/** The author's own need, locked, or a refusal that says why. */
create function private.own_need(p_need_id uuid)
returns public.needs
language plpgsql security definer
set search_path = ''
as $$
declare
  v public.needs;
begin
  select * into v from public.needs n where n.id = p_need_id for update;
  if not found then
    raise exception 'That need does not exist.' using errcode = 'PT404';
  end if;
  if not exists (select 1 from public.need_private p
                 where p.need_id = p_need_id and p.author_id = private.require_user()) then
    raise exception 'Only the person who raised a need can change it.' using errcode = '42501';
  end if;
  return v;
end
$$;

/** The author edits the text or category of a need that is still open. */
create function private.edit_need(p_need_id uuid, p_body text, p_category text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_need public.needs := private.own_need(p_need_id);
begin
  if v_need.status not in ('open', 'acknowledged') then
    raise exception 'Only open needs can be edited.' using errcode = '22023';
  end if;
  if p_category is not null and not exists (select 1 from public.categories c where c.slug = p_category) then
    raise exception 'Unknown category: %.', p_category using errcode = '22023';
  end if;
  update public.needs
  set body = private.clean_text(coalesce(p_body, v_need.body), 'The description', 3, 500),
      category = coalesce(p_category, v_need.category)
  where id = p_need_id;
  return private.need_json(p_need_id);
end
$$;
grant execute on function private.edit_need(uuid, text, text) to authenticated;

/** The author withdraws their need; it leaves the map but stays in the history. */
create function private.withdraw_need(p_need_id uuid, p_reason text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_need public.needs := private.own_need(p_need_id);
begin
  if v_need.status in ('met', 'closed', 'withdrawn') then
    raise exception 'This need is already %.', v_need.status using errcode = '22023';
  end if;
  perform private.set_need_status(p_need_id, 'withdrawn', auth.uid(),
    case when p_reason is null then null else private.clean_text(p_reason, 'The reason', 1, 500) end,
    now(), 'author');
  return private.need_json(p_need_id);
end
$$;
grant execute on function private.withdraw_need(uuid, text) to authenticated;


-- The public API: what supabase.rpc() calls.

/** Pin a need (client-made id; retries return the same need). */
create function public.pin_need(id uuid, category text, body text, lon float8, lat float8)
returns jsonb language sql volatile set search_path = ''
as $$ select private.pin_need(id, category, body, lon, lat) $$;

/** Say "me too" to a need (once per person). */
create function public.support_need(need_id uuid)
returns jsonb language sql volatile set search_path = ''
as $$ select private.support_need(need_id, true) $$;

/** Take back a "me too". */
create function public.unsupport_need(need_id uuid)
returns jsonb language sql volatile set search_path = ''
as $$ select private.support_need(need_id, false) $$;

/** Edit one's own open need. */
create function public.edit_need(need_id uuid, body text default null, category text default null)
returns jsonb language sql volatile set search_path = ''
as $$ select private.edit_need(need_id, body, category) $$;

/** Withdraw one's own need. */
create function public.withdraw_need(need_id uuid, reason text default null)
returns jsonb language sql volatile set search_path = ''
as $$ select private.withdraw_need(need_id, reason) $$;

/** One need with its status history (who acted is shown as a role, never an id). */
create function public.need_detail(need_id uuid)
returns jsonb
language sql stable
set search_path = ''
as $$
  select private.need_json(n.id) || jsonb_build_object('history', coalesce((
    select jsonb_agg(jsonb_build_object('from', e.from_status, 'to', e.to_status,
                                        'by', e.actor_role, 'note', e.note, 'at', e.created_at)
                     order by e.created_at, e.id)
    from public.need_events e where e.need_id = n.id), '[]'::jsonb))
  from public.needs n
  where n.id = need_detail.need_id
$$;

/** The caller's own needs, with their exact points. */
create function public.my_needs()
returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(private.need_json(p.need_id) order by n.created_at desc), '[]'::jsonb)
  from public.need_private p
  join public.needs n on n.id = p.need_id
  where p.author_id = (select auth.uid())
$$;

revoke execute on function public.pin_need(uuid, text, text, float8, float8),
  public.support_need(uuid), public.unsupport_need(uuid), public.edit_need(uuid, text, text),
  public.withdraw_need(uuid, text), public.need_detail(uuid), public.my_needs() from public;
grant execute on function public.pin_need(uuid, text, text, float8, float8),
  public.support_need(uuid), public.unsupport_need(uuid), public.edit_need(uuid, text, text),
  public.withdraw_need(uuid, text), public.my_needs() to authenticated;
grant execute on function public.need_detail(uuid) to anon, authenticated;

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
