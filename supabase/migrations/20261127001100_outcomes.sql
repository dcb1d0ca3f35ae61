-- Outcomes: the need lifecycle led by the community, and the figures planners read.
--
--   open / acknowledged ──adopt (enterprise owner, or a signed-in person with a full account)──▶ adopted
--   adopted ──mark met (the adopter)──▶ met, awaiting confirmation (met_confirmed_at is null)
--   met, awaiting ──author confirms, or nobody objects for 14 days (auto_confirm_met_needs)──▶ met, confirmed
--   met, awaiting ──author: "not yet"──▶ adopted (the adopter stays on it)
--   met, confirmed ──every 90 days the author is asked "still met?"──▶ yes: event still_met / no: open
--   open / acknowledged / adopted ──author marks it met themselves──▶ met, confirmed
--   adopted ──adopter lets go / moderator──▶ open;  met / closed ──author or moderator reopens──▶ open
--   open / acknowledged / adopted ──moderator──▶ closed;  the author withdraws (20261127000700_api_needs.sql)
--
-- "Met, awaiting confirmation" is status 'met' with met_confirmed_at null rather than a
-- new status, so everything that already reads needs.status (gaps, map layers) keeps
-- working: a need marked met leaves the demand at once. Every transition is a need event
-- with who (actor_id, private) in which role (actor_role, public) and when. Confirmations
-- that keep the status are events too: to_status 'met_confirmed' or 'still_met'.

-- ---------------------------------------------------------------------------
-- Columns and tables
-- ---------------------------------------------------------------------------

/**
 * Lifecycle timestamps on the public half of a need. Which enterprise adopted it is
 * public (enterprises are public, and "Warm Welcome Café is on it" is the point); which
 * person adopted it is private (need_adoptions).
 */
alter table public.needs
  add column adopted_by_enterprise uuid references public.enterprises (id) on delete set null,
  add column adopted_at timestamptz,
  add column met_at timestamptz,
  add column met_confirmed_at timestamptz,
  add column still_met_at timestamptz,
  add constraint needs_met_confirmed_after_met check (met_confirmed_at is null or met_at is not null);

create index needs_adopted_by_enterprise_idx on public.needs (adopted_by_enterprise);
-- The auto-confirm job and the "still met?" prompts look only at met needs.
create index needs_met_idx on public.needs (met_at) where status = 'met';

/** Who is on a need now: the person who adopted it and the enterprise they adopted it for. */
create table public.need_adoptions (
  need_id uuid primary key references public.needs (id) on delete cascade,
  adopter_id uuid not null references auth.users (id) on delete cascade,
  enterprise_id uuid references public.enterprises (id) on delete set null,
  adopted_at timestamptz not null default now()
);
alter table public.need_adoptions enable row level security;

create index need_adoptions_adopter_idx on public.need_adoptions (adopter_id);
create index need_adoptions_enterprise_idx on public.need_adoptions (enterprise_id);

create policy "Adopters can read their own adoptions" on public.need_adoptions
  for select to authenticated using (adopter_id = (select auth.uid()));
create policy "Moderators can read adoptions" on public.need_adoptions
  for select to authenticated using ((select private.has_role('moderator')));

-- A person adopting without an enterprise acts as 'adopter'; confirmations are events
-- whose to_status names them. Statuses and event names are now a closed list.
alter table public.need_events drop constraint need_events_actor_role_check;
alter table public.need_events add constraint need_events_actor_role_check
  check (actor_role in ('author', 'adopter', 'enterprise', 'moderator', 'planner', 'system'));
alter table public.need_events add constraint need_events_to_status_check
  check (to_status in ('open', 'acknowledged', 'adopted', 'met', 'closed', 'withdrawn', 'met_confirmed', 'still_met'));
-- Outcome figures look up each need's first adoption and last met event.
create index need_events_need_status_idx on public.need_events (need_id, to_status, created_at);

-- ---------------------------------------------------------------------------
-- Keeping the columns true whatever path changes a status (the API below, the seed,
-- set_need_status, withdraw_need, moderators)
-- ---------------------------------------------------------------------------

/** Stamps adoption and met times on entering those statuses and clears them on leaving. */
create function private.need_lifecycle_columns()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status = old.status then
    return new;
  end if;
  if new.status = 'adopted' then
    -- Back from "met, awaiting confirmation" the adoption goes on as it was.
    new.adopted_at := coalesce(old.adopted_at, new.status_changed_at);
  elsif new.status in ('open', 'acknowledged', 'closed', 'withdrawn') then
    new.adopted_at := null;
    new.adopted_by_enterprise := null;
  end if;
  if new.status = 'met' then
    new.met_at := new.status_changed_at;
    new.met_confirmed_at := null;
    new.still_met_at := null;
  elsif old.status = 'met' then
    new.met_at := null;
    new.met_confirmed_at := null;
    new.still_met_at := null;
  end if;
  return new;
end
$$;

create trigger needs_lifecycle_columns before update of status on public.needs
  for each row execute function private.need_lifecycle_columns();

/** A need that is neither adopted nor met has no adopter any more. */
create function private.release_adoption()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  delete from public.need_adoptions a where a.need_id = new.id;
  return null;
end
$$;

create trigger needs_release_adoption after update of status on public.needs
  for each row when (new.status not in ('adopted', 'met'))
  execute function private.release_adoption();

/**
 * An 'adopted' event written by another path (the demo seed, set_need_status) records its
 * actor as the adopter, and the enterprise they own if they acted as one, so the adopter
 * can mark the need met. adopt_need writes the adoption first, so this does nothing there.
 */
create function private.record_adoption_from_event()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_enterprise uuid;
begin
  if new.actor_id is null or exists (select 1 from public.need_adoptions a where a.need_id = new.need_id) then
    return null;
  end if;
  if new.actor_role = 'enterprise' then
    select e.id into v_enterprise from public.enterprises e
    where e.owner_id = new.actor_id order by (e.status = 'active') desc, e.created_at, e.id limit 1;
  end if;
  insert into public.need_adoptions (need_id, adopter_id, enterprise_id, adopted_at)
  values (new.need_id, new.actor_id, v_enterprise, new.created_at);
  update public.needs set adopted_by_enterprise = v_enterprise
  where id = new.need_id and adopted_by_enterprise is null;
  return null;
end
$$;

create trigger need_events_record_adoption after insert on public.need_events
  for each row when (new.to_status = 'adopted')
  execute function private.record_adoption_from_event();

-- Needs already in the database when this migration runs get the same columns.
update public.needs n
set adopted_at = (select max(e.created_at) from public.need_events e
                  where e.need_id = n.id and e.to_status = 'adopted')
where n.status in ('adopted', 'met');
update public.needs n
set met_at = coalesce((select max(e.created_at) from public.need_events e
                       where e.need_id = n.id and e.to_status = 'met'), n.status_changed_at)
where n.status = 'met';
insert into public.need_adoptions (need_id, adopter_id, enterprise_id, adopted_at)
select distinct on (e.need_id) e.need_id, e.actor_id,
       (select x.id from public.enterprises x where x.owner_id = e.actor_id and e.actor_role = 'enterprise'
        order by (x.status = 'active') desc, x.created_at, x.id limit 1),
       e.created_at
from public.need_events e
join public.needs n on n.id = e.need_id and n.status in ('adopted', 'met')
where e.to_status = 'adopted' and e.actor_id is not null
order by e.need_id, e.created_at desc, e.id desc;
update public.needs n set adopted_by_enterprise = a.enterprise_id
from public.need_adoptions a where a.need_id = n.id;

-- ---------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------

/** A need as need_json shows it, plus where it stands in the lifecycle. */
create function private.need_outcome_json(p_need_id uuid)
returns jsonb
language sql stable
set search_path = ''
as $$
  select private.need_json(n.id) || jsonb_build_object(
    'adopted_by_enterprise', (select jsonb_build_object('id', e.id, 'name', e.name)
                              from public.enterprises e where e.id = n.adopted_by_enterprise),
    'adopted_by_me', exists (select 1 from public.need_adoptions a
                             where a.need_id = n.id and a.adopter_id = (select auth.uid())),
    'adopted_at', n.adopted_at, 'met_at', n.met_at, 'met_confirmed_at', n.met_confirmed_at,
    'awaiting_confirmation', n.status = 'met' and n.met_confirmed_at is null,
    'still_met_at', n.still_met_at)
  from public.needs n
  where n.id = p_need_id
$$;
grant execute on function private.need_outcome_json(uuid) to anon, authenticated;

/** Whether the caller is on this need: its adopter, or the owner of the adopting enterprise. */
create function private.is_need_adopter(p_need_id uuid)
returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.need_adoptions a
    left join public.enterprises e on e.id = a.enterprise_id
    where a.need_id = p_need_id
      and (a.adopter_id = (select auth.uid()) or e.owner_id = (select auth.uid()))
  )
$$;
grant execute on function private.is_need_adopter(uuid) to authenticated;

/** The role an adopter acts in: 'enterprise' when the adoption was for one. */
create function private.adopter_role(p_need_id uuid)
returns text
language sql stable
set search_path = ''
as $$
  select case when exists (select 1 from public.need_adoptions a
                           where a.need_id = p_need_id and a.enterprise_id is not null)
              then 'enterprise' else 'adopter' end
$$;

/** A confirmation that keeps the status ('met_confirmed', 'still_met') as a need event. */
create function private.record_need_event(p_need uuid, p_event text, p_actor uuid, p_role text, p_note text)
returns void
language sql
set search_path = ''
as $$
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor_role, note)
  values (p_need, 'met', p_event, p_actor, p_role, p_note)
$$;

/** The optional note of a transition, checked like every user text. */
create function private.optional_note(p_note text)
returns text
language sql immutable
set search_path = ''
as $$
  select case when nullif(btrim(p_note), '') is null then null
              else private.clean_text(p_note, 'The note', 1, 500) end
$$;

-- How many needs one person may hold adopted and not yet met: enough for a busy
-- enterprise, too few to grab a whole town's needs and sit on them.
create function private.adoption_limit()
returns int
language sql immutable
set search_path = ''
as $$ select 50 $$;

-- ---------------------------------------------------------------------------
-- Transitions (definer helpers: the caller comes from the JWT, never an argument)
-- ---------------------------------------------------------------------------

/**
 * "We're on it": an enterprise owner (for their active enterprise) or a signed-in person
 * with a full account adopts an open or acknowledged need someone else raised. A retry by
 * the same adopter returns the need unchanged.
 */
create function private.adopt_need(p_need_id uuid, p_enterprise_id uuid, p_note text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_user();
  v_need public.needs := private.visible_need(p_need_id);
  v_note text := private.optional_note(p_note);
  v_enterprise public.enterprises;
begin
  if private.is_anonymous() then
    raise exception 'Adopting a need takes a full account: sign in with your e-mail first.' using errcode = '42501';
  end if;
  if private.is_need_author(p_need_id) then
    raise exception 'You raised this need, so someone else has to adopt it; if it is sorted, mark it met.'
      using errcode = '42501';
  end if;
  if p_enterprise_id is not null then
    select * into v_enterprise from public.enterprises e where e.id = p_enterprise_id;
    if not found then
      raise exception 'That enterprise does not exist.' using errcode = 'PT404';
    end if;
    if v_enterprise.owner_id is distinct from v_user then
      raise exception 'Only the owner of an enterprise can adopt needs on its behalf.' using errcode = '42501';
    end if;
    if v_enterprise.status <> 'active' then
      raise exception 'Only an active enterprise can adopt needs; % is %.', v_enterprise.name, v_enterprise.status
        using errcode = '22023';
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
  if (select count(*) from public.need_adoptions a join public.needs n on n.id = a.need_id
      where a.adopter_id = v_user and n.status = 'adopted') >= private.adoption_limit() then
    raise exception 'You already have % needs adopted and not yet met; mark some met or let them go first.',
      private.adoption_limit() using errcode = 'PT429';
  end if;

  insert into public.need_adoptions (need_id, adopter_id, enterprise_id)
  values (p_need_id, v_user, p_enterprise_id)
  on conflict (need_id) do update
  set adopter_id = excluded.adopter_id, enterprise_id = excluded.enterprise_id, adopted_at = excluded.adopted_at;
  perform private.set_need_status(p_need_id, 'adopted', v_user, v_note, now(),
                                  case when p_enterprise_id is null then 'adopter' else 'enterprise' end);
  update public.needs set adopted_by_enterprise = p_enterprise_id where id = p_need_id;
  return private.need_outcome_json(p_need_id);
end
$$;
grant execute on function private.adopt_need(uuid, uuid, text) to authenticated;

/**
 * The adopter says a need is met; it waits for its author's confirmation (or 14 days
 * without objection). The author may also mark their own need met: that is met and
 * confirmed at once.
 */
create function private.mark_need_met(p_need_id uuid, p_note text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_user();
  v_need public.needs := private.visible_need(p_need_id);
  v_note text := private.optional_note(p_note);
begin
  if v_need.status = 'met' then
    raise exception 'This need is already marked met.' using errcode = '22023';
  end if;
  if private.is_need_author(p_need_id) then
    if v_need.status not in ('open', 'acknowledged', 'adopted') then
      raise exception 'This need is %, so it cannot be marked met.', v_need.status using errcode = '22023';
    end if;
    perform private.set_need_status(p_need_id, 'met', v_user, v_note, now(), 'author');
    update public.needs set met_confirmed_at = met_at where id = p_need_id;
  elsif private.is_need_adopter(p_need_id) then
    if v_need.status <> 'adopted' then
      raise exception 'This need is %, so it cannot be marked met.', v_need.status using errcode = '22023';
    end if;
    perform private.set_need_status(p_need_id, 'met', v_user, v_note, now(), private.adopter_role(p_need_id));
  else
    raise exception 'Only whoever adopted this need, or the person who raised it, can mark it met.'
      using errcode = '42501';
  end if;
  return private.need_outcome_json(p_need_id);
end
$$;
grant execute on function private.mark_need_met(uuid, text) to authenticated;

/**
 * The author answers for a need marked met. Awaiting confirmation: yes confirms it; no
 * sends it back to its adopter (adopted). Already confirmed (the "still met?" re-check):
 * yes records 'still_met' (at most once a day); no reopens it for anyone to adopt.
 */
create function private.confirm_need_met(p_need_id uuid, p_still_met boolean)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_need public.needs := private.own_need(p_need_id);
  v_user uuid := auth.uid();
begin
  if p_still_met is null then
    raise exception 'Say whether the need is met (true) or not (false).' using errcode = '22023';
  end if;
  if v_need.status <> 'met' then
    raise exception 'This need is %, not met, so there is nothing to confirm.', v_need.status using errcode = '22023';
  end if;
  if v_need.met_confirmed_at is null then
    if p_still_met then
      update public.needs set met_confirmed_at = now() where id = p_need_id;
      perform private.record_need_event(p_need_id, 'met_confirmed', v_user, 'author', 'Confirmed by the person who raised it.');
    else
      perform private.set_need_status(p_need_id,
        case when exists (select 1 from public.need_adoptions a where a.need_id = p_need_id) then 'adopted' else 'open' end,
        v_user, 'The person who raised it says it is not met yet.', now(), 'author');
    end if;
  elsif p_still_met then
    if v_need.still_met_at is null or v_need.still_met_at < now() - interval '1 day' then
      update public.needs set still_met_at = now() where id = p_need_id;
      perform private.record_need_event(p_need_id, 'still_met', v_user, 'author', 'Still met, says the person who raised it.');
    end if;
  else
    perform private.set_need_status(p_need_id, 'open', v_user,
      'The person who raised it says it is no longer met.', now(), 'author');
  end if;
  return private.need_outcome_json(p_need_id);
end
$$;
grant execute on function private.confirm_need_met(uuid, boolean) to authenticated;

/**
 * Back to open, with a reason: the author (met, closed or withdrawn: "it came back"), the
 * adopter (adopted: "we can't do it after all") or a moderator (adopted, met or closed).
 */
create function private.reopen_need(p_need_id uuid, p_reason text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_user();
  v_need public.needs := private.visible_need(p_need_id);
  v_reason text := private.clean_text(p_reason, 'The reason', 3, 500);
  v_role text;
begin
  if v_need.status in ('open', 'acknowledged') then
    raise exception 'This need is already open.' using errcode = '22023';
  end if;
  if private.is_need_author(p_need_id) and v_need.status in ('met', 'closed', 'withdrawn') then
    v_role := 'author';
  elsif v_need.status = 'adopted' and private.is_need_adopter(p_need_id) then
    v_role := private.adopter_role(p_need_id);
  elsif private.has_role('moderator') and v_need.status in ('adopted', 'met', 'closed') then
    v_role := 'moderator';
  else
    raise exception 'Only the person who raised this need, whoever adopted it, or a moderator can reopen it (a % need).',
      v_need.status using errcode = '42501';
  end if;
  perform private.set_need_status(p_need_id, 'open', v_user, v_reason, now(), v_role);
  return private.need_outcome_json(p_need_id);
end
$$;
grant execute on function private.reopen_need(uuid, text) to authenticated;

/** A moderator closes a need that will not be met here (a duplicate, out of scope). */
create function private.close_need(p_need_id uuid, p_reason text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_user();
  v_need public.needs := private.visible_need(p_need_id);
  v_reason text := private.clean_text(p_reason, 'The reason', 3, 500);
begin
  if not private.has_role('moderator') then
    raise exception 'Only moderators can close needs; the person who raised one can withdraw it.' using errcode = '42501';
  end if;
  if v_need.status not in ('open', 'acknowledged', 'adopted') then
    raise exception 'This need is %, so it cannot be closed.', v_need.status using errcode = '22023';
  end if;
  perform private.set_need_status(p_need_id, 'closed', v_user, v_reason, now(), 'moderator');
  return private.need_outcome_json(p_need_id);
end
$$;
grant execute on function private.close_need(uuid, text) to authenticated;

/**
 * Confirms every need marked met 14 or more days ago whose author neither confirmed nor
 * objected, and returns how many. Idempotent: a second run finds nothing left to do.
 * Hidden needs wait for their moderator. Run it daily: on hosted Supabase with pg_cron,
 *   select cron.schedule('auto-confirm-met-needs', '17 3 * * *',
 *                        $$select private.auto_confirm_met_needs()$$);
 * the embedded backend (or any scheduler) can call public.auto_confirm_met_needs() with
 * the service role key.
 */
create function private.auto_confirm_met_needs()
returns int
language plpgsql security definer
set search_path = ''
as $$
declare
  v_count int;
begin
  with due as (
    select n.id from public.needs n
    where n.status = 'met' and n.met_confirmed_at is null and n.hidden_at is null
      and n.met_at <= now() - interval '14 days'
    for update skip locked
  ), confirmed as (
    update public.needs n set met_confirmed_at = now()
    from due where n.id = due.id
    returning n.id
  )
  insert into public.need_events (need_id, from_status, to_status, actor_id, actor_role, note)
  select c.id, 'met', 'met_confirmed', null, 'system', 'Confirmed automatically: no objection within 14 days.'
  from confirmed c;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
grant execute on function private.auto_confirm_met_needs() to service_role;

-- ---------------------------------------------------------------------------
-- Outcome figures (invoker SQL, so row-level security applies)
-- ---------------------------------------------------------------------------

/**
 * Outcome figures for the needs of a neighbourhood, a street, or (both null) everywhere.
 * Counted: needs raised and not withdrawn or hidden. adopted = ever adopted; met = met
 * and confirmed; awaiting = marked met, not yet confirmed; still_met = met and re-checked
 * "yes"; median days from raised to first adoption, and to met (the last 'met' event) for
 * confirmed ones. by_month: the last 12 calendar months (UTC), oldest first, counting
 * needs raised, first adopted, and marked met in each month.
 */
create function private.outcome_figures(p_neighbourhood uuid, p_street uuid)
returns jsonb
language sql stable
set search_path = ''
as $$
  with scope as (
    select n.id, n.status, n.created_at, n.met_confirmed_at, n.still_met_at,
           (select min(e.created_at) from public.need_events e
            where e.need_id = n.id and e.to_status = 'adopted') as first_adopted_at,
           (select max(e.created_at) from public.need_events e
            where e.need_id = n.id and e.to_status = 'met') as last_met_at
    from public.needs n
    where n.hidden_at is null and n.status <> 'withdrawn'
      and (p_neighbourhood is null or n.neighbourhood_id = p_neighbourhood)
      and (p_street is null or n.street_id = p_street)
  ), figures as (
    select count(*)::int as raised,
           count(*) filter (where first_adopted_at is not null)::int as adopted,
           count(*) filter (where status = 'met' and met_confirmed_at is not null)::int as met,
           count(*) filter (where status = 'met' and met_confirmed_at is null)::int as awaiting,
           count(*) filter (where status = 'met' and still_met_at is not null)::int as still_met,
           count(*) filter (where status in ('open', 'acknowledged', 'adopted'))::int as unmet,
           percentile_cont(0.5) within group (order by extract(epoch from first_adopted_at - created_at) / 86400)
             as median_adopt,
           percentile_cont(0.5) within group (order by extract(epoch from last_met_at - created_at) / 86400)
             filter (where status = 'met' and met_confirmed_at is not null) as median_met
    from scope
  ), months as (
    select m::timestamp as month
    from generate_series(date_trunc('month', now() at time zone 'UTC') - interval '11 months',
                         date_trunc('month', now() at time zone 'UTC'), interval '1 month') m
  ), met_events as (
    select distinct e.need_id, date_trunc('month', e.created_at at time zone 'UTC') as month
    from public.need_events e join scope s on s.id = e.need_id
    where e.to_status = 'met'
  )
  select jsonb_build_object(
    'needs_raised', f.raised, 'needs_adopted', f.adopted, 'needs_met', f.met,
    'needs_awaiting_confirmation', f.awaiting, 'needs_still_met', f.still_met, 'needs_unmet', f.unmet,
    'share_met', case when f.raised > 0 then f.met::float8 / f.raised end,
    'median_days_to_adoption', round(f.median_adopt::numeric, 1)::float8,
    'median_days_to_met', round(f.median_met::numeric, 1)::float8,
    'by_month', (select jsonb_agg(jsonb_build_object(
        'month', to_char(m.month, 'YYYY-MM'),
        'raised', (select count(*) from scope s where date_trunc('month', s.created_at at time zone 'UTC') = m.month),
        'adopted', (select count(*) from scope s where date_trunc('month', s.first_adopted_at at time zone 'UTC') = m.month),
        'met', (select count(*) from met_events x where x.month = m.month))
      order by m.month) from months m))
  from figures f
$$;
grant execute on function private.outcome_figures(uuid, uuid) to anon, authenticated;

-- ---------------------------------------------------------------------------
-- The public API: what supabase.rpc() calls
-- ---------------------------------------------------------------------------

/** Adopt a need ("we're on it"), for yourself or for an enterprise you own. */
create function public.adopt_need(need_id uuid, enterprise_id uuid default null, note text default null)
returns jsonb language sql volatile set search_path = ''
as $$ select private.adopt_need(need_id, enterprise_id, note) $$;

/** Mark a need you adopted (or raised) as met. */
create function public.mark_need_met(need_id uuid, note text default null)
returns jsonb language sql volatile set search_path = ''
as $$ select private.mark_need_met(need_id, note) $$;

/** Answer for your own need marked met: is it (still) met? */
create function public.confirm_need_met(need_id uuid, still_met boolean default true)
returns jsonb language sql volatile set search_path = ''
as $$ select private.confirm_need_met(need_id, still_met) $$;

/** Reopen a need, saying why. */
create function public.reopen_need(need_id uuid, reason text)
returns jsonb language sql volatile set search_path = ''
as $$ select private.reopen_need(need_id, reason) $$;

/** Close a need (moderators), saying why. */
create function public.close_need(need_id uuid, reason text)
returns jsonb language sql volatile set search_path = ''
as $$ select private.close_need(need_id, reason) $$;

/** The daily job: confirm needs nobody objected to within 14 days (service role only). */
create function public.auto_confirm_met_needs()
returns int language sql volatile set search_path = ''
as $$ select private.auto_confirm_met_needs() $$;

/**
 * The caller's needs waiting for an answer: 'confirm_met' for a need its adopter marked
 * met, 'still_met' for a need confirmed met 90 or more days ago and not re-checked since.
 */
create function public.needs_due_recheck()
returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(private.need_outcome_json(n.id) || jsonb_build_object(
           'prompt', case when n.met_confirmed_at is null then 'confirm_met' else 'still_met' end,
           'auto_confirms_at', case when n.met_confirmed_at is null then n.met_at + interval '14 days' end)
         order by n.met_at, n.id), '[]'::jsonb)
  from public.need_private p
  join public.needs n on n.id = p.need_id
  where p.author_id = (select auth.uid()) and n.status = 'met' and n.hidden_at is null
    and (n.met_confirmed_at is null
         or coalesce(n.still_met_at, n.met_confirmed_at) <= now() - interval '90 days')
$$;

/**
 * Outcomes of one neighbourhood's needs (or, with null, of every need): raised, adopted,
 * met, still met, median days to adoption and to met, and the last 12 months by month.
 * Example: select neighbourhood_outcomes('…'::uuid) -> 'by_month';
 */
create function public.neighbourhood_outcomes(neighbourhood uuid default null)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_nb public.neighbourhoods;
begin
  if neighbourhood_outcomes.neighbourhood is not null then
    select * into v_nb from public.neighbourhoods n where n.id = neighbourhood_outcomes.neighbourhood;
    if not found then
      raise exception 'That neighbourhood does not exist.' using errcode = 'PT404';
    end if;
  end if;
  return jsonb_build_object('neighbourhood_id', v_nb.id, 'code', v_nb.code, 'name', v_nb.name)
         || private.outcome_figures(neighbourhood_outcomes.neighbourhood, null);
end
$$;

/** Outcomes of one street's needs, as neighbourhood_outcomes. */
create function public.street_outcomes(street_id uuid)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_street public.streets;
begin
  if street_outcomes.street_id is null then
    raise exception 'Say which street.' using errcode = '22023';
  end if;
  select * into v_street from public.streets s where s.id = street_outcomes.street_id;
  if not found then
    raise exception 'That street does not exist.' using errcode = 'PT404';
  end if;
  return jsonb_build_object('street_id', v_street.id, 'street_name', v_street.name,
                            'neighbourhood_id', v_street.neighbourhood_id)
         || private.outcome_figures(null, street_outcomes.street_id);
end
$$;

revoke execute on function public.adopt_need(uuid, uuid, text), public.mark_need_met(uuid, text),
  public.confirm_need_met(uuid, boolean), public.reopen_need(uuid, text), public.close_need(uuid, text),
  public.auto_confirm_met_needs(), public.needs_due_recheck(), public.neighbourhood_outcomes(uuid),
  public.street_outcomes(uuid) from public, anon, authenticated;
grant execute on function public.adopt_need(uuid, uuid, text), public.mark_need_met(uuid, text),
  public.confirm_need_met(uuid, boolean), public.reopen_need(uuid, text), public.close_need(uuid, text),
  public.needs_due_recheck() to authenticated;
grant execute on function public.auto_confirm_met_needs() to service_role;
grant execute on function public.neighbourhood_outcomes(uuid), public.street_outcomes(uuid) to anon, authenticated;

-- Who adopted is not public: the API roles read need_adoptions only through its policies,
-- and never write it (adopt_need does, as the table owner).
revoke insert, update, delete, truncate, references, trigger on public.need_adoptions from anon, authenticated;

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
