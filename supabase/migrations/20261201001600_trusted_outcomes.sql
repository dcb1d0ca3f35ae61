-- Outcomes nobody can fake (issue 11). Replaces the lifecycle of 20261127001100:
--
--   open / acknowledged ──adopt (a confirmed account; for an active enterprise, its owner)──▶ adopted
--   adopted ──the adopter says "met"──▶ adopted, marked met (met_claimed_at): a claim,
--            still on the map and in the demand, "marked met — waiting for the resident"
--   marked met ──the author confirms──▶ met (met_confirmed_by 'author')
--   marked met ──14 days after the author was told, no objection──▶ met (met_confirmed_by 'unchallenged')
--   marked met ──the author: "not met"──▶ open; the adopter is released and the claim is
--            recorded against them (adoption_disputes); 3 in 30 days put them in the
--            moderators' queue and stop them adopting
--   adopted ──the author, the adopter or a moderator undoes the adoption──▶ open
--   open / acknowledged / adopted ──the author marks it met themselves──▶ met ('author')
--
-- Status 'met' now always means confirmed; every function that reads needs.status
-- (street_gaps, neighbourhood_gaps, map_needs) keeps counting a claim as unmet demand
-- without any change. Adopting has a daily rate per person and per enterprise owner,
-- taken under a per-user advisory lock; need_adoptions' primary key keeps one open
-- adoption per need.

-- ---------------------------------------------------------------------------
-- Confirmed accounts
-- ---------------------------------------------------------------------------

-- private.caller_is_confirmed() and private.require_confirmed(action) come from
-- 20261201001000_confirmed_accounts.sql.

-- ---------------------------------------------------------------------------
-- Columns and tables
-- ---------------------------------------------------------------------------

alter table public.needs
  add column met_claimed_at timestamptz,
  add column met_confirmed_by text check (met_confirmed_by in ('author', 'unchallenged')),
  add constraint needs_claim_only_while_adopted check (met_claimed_at is null or status = 'adopted');

-- The auto-confirm job looks only at claims.
create index needs_met_claimed_idx on public.needs (met_claimed_at) where met_claimed_at is not null;

alter table public.need_events drop constraint need_events_to_status_check;
alter table public.need_events add constraint need_events_to_status_check
  check (to_status in ('open', 'acknowledged', 'adopted', 'met', 'closed', 'withdrawn',
                       'met_confirmed', 'still_met', 'met_claimed', 'met_disputed'));
-- The daily adoption rate counts each person's recent adoptions.
create index need_events_actor_idx on public.need_events (actor_id, to_status, created_at);

/** A claim of "met" its author said was not: it counts against the adopter. */
create table public.adoption_disputes (
  id bigint generated always as identity primary key,
  need_id uuid not null references public.needs (id) on delete cascade,
  adopter_id uuid not null references auth.users (id) on delete cascade,
  enterprise_id uuid references public.enterprises (id) on delete set null,
  claimed_at timestamptz not null,
  disputed_at timestamptz not null default now()
);
alter table public.adoption_disputes enable row level security;

create index adoption_disputes_adopter_idx on public.adoption_disputes (adopter_id, disputed_at);
create index adoption_disputes_need_idx on public.adoption_disputes (need_id);
create index adoption_disputes_enterprise_idx on public.adoption_disputes (enterprise_id);

create policy "Moderators can read disputes" on public.adoption_disputes
  for select to authenticated using ((select private.has_role('moderator')));

/** What the app tells a person about their needs (in the app; by mail too when they have an address). */
create table public.notifications (
  id bigint generated always as identity primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  need_id uuid references public.needs (id) on delete cascade,
  kind text not null check (kind in ('met_claimed', 'met_confirmed', 'met_disputed', 'adoption_undone')),
  body text not null check (char_length(body) between 1 and 500),
  created_at timestamptz not null default now(),
  read_at timestamptz
);
alter table public.notifications enable row level security;

create index notifications_user_idx on public.notifications (user_id, created_at desc);
create index notifications_need_idx on public.notifications (need_id, kind, created_at);

create policy "Users can read their own notifications" on public.notifications
  for select to authenticated using (user_id = (select auth.uid()));

/**
 * Mail waiting to be sent (not exposed: schema private). The embedded backend's mailer
 * sends rows with sent_at null (SMTP or the local mailbox); see /work/notes (issue 11a).
 */
create table private.mail_outbox (
  id bigint generated always as identity primary key,
  to_address text not null check (char_length(to_address) between 3 and 320),
  subject text not null check (char_length(subject) between 1 and 200),
  body text not null check (char_length(body) between 1 and 5000),
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
revoke all on private.mail_outbox from public, anon, authenticated;

/** Queues a mail. Callers choose the address; nothing from a client reaches it directly. */
create function private.queue_mail(p_to text, p_subject text, p_body text)
returns void
language sql
set search_path = ''
as $$
  insert into private.mail_outbox (to_address, subject, body) values (p_to, p_subject, p_body)
$$;

/** Tells a person something about a need: a notification, and a mail when their address is confirmed. */
create function private.notify(p_user uuid, p_need uuid, p_kind text, p_body text)
returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_email text;
begin
  if p_user is null then
    return;
  end if;
  insert into public.notifications (user_id, need_id, kind, body) values (p_user, p_need, p_kind, p_body);
  select u.email into v_email from auth.users u
  where u.id = p_user and u.email is not null and u.email_confirmed_at is not null and u.deleted_at is null;
  if v_email is not null then
    perform private.queue_mail(v_email, 'Street Level: about the need you raised', p_body);
  end if;
end
$$;

-- ---------------------------------------------------------------------------
-- Keeping the columns true whatever path changes a status
-- ---------------------------------------------------------------------------

/** Stamps adoption and met times on entering those statuses and clears them on leaving. */
create or replace function private.need_lifecycle_columns()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status = old.status then
    return new;
  end if;
  if new.status = 'adopted' then
    new.adopted_at := coalesce(old.adopted_at, new.status_changed_at);
  elsif new.status in ('open', 'acknowledged', 'closed', 'withdrawn') then
    new.adopted_at := null;
    new.adopted_by_enterprise := null;
  end if;
  if new.status = 'met' then
    -- Met when the adopter said so, if the author (or time) agrees; else now.
    new.met_at := coalesce(old.met_claimed_at, new.status_changed_at);
    new.met_confirmed_at := null;
    new.met_confirmed_by := null;
    new.still_met_at := null;
  elsif old.status = 'met' then
    new.met_at := null;
    new.met_confirmed_at := null;
    new.met_confirmed_by := null;
    new.still_met_at := null;
  end if;
  -- Any change of status settles the claim (confirmed, disputed or undone).
  new.met_claimed_at := null;
  return new;
end
$$;

/** A need its author marks met (any path that records an author's 'met' event) is confirmed by them. */
create or replace function private.confirm_author_met()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  update public.needs n set met_confirmed_at = new.created_at, met_confirmed_by = 'author'
  where n.id = new.need_id and n.status = 'met' and n.met_confirmed_at is null;
  return null;
end
$$;
revoke execute on function private.confirm_author_met() from public;

-- Needs marked met by an adopter under the old rules and not yet confirmed go back to
-- being claims, and their authors are told now: the 14 days run from today.
do $$
declare
  r record;
begin
  for r in select n.id, n.met_at, p.author_id from public.needs n
           join public.need_private p on p.need_id = n.id
           where n.status = 'met' and n.met_confirmed_at is null loop
    perform private.set_need_status(r.id, 'adopted', null,
      'Marked met: now waiting for the person who raised it to confirm.', now(), 'system');
    update public.needs set met_claimed_at = coalesce(r.met_at, now()) where id = r.id;
    perform private.notify(r.author_id, r.id, 'met_claimed',
      'The need you raised was marked met. Please confirm it, or say it is not met; '
      || 'without an answer it counts as met 14 days from now.');
  end loop;
end
$$;
update public.needs n
set met_confirmed_by = case
  when exists (select 1 from public.need_events e where e.need_id = n.id and e.to_status = 'met_confirmed'
               and e.actor_role = 'system') then 'unchallenged' else 'author' end
where n.status = 'met' and n.met_confirmed_at is not null;

-- ---------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------

-- Adoptions per rolling 24 hours: a person answers a few needs a day, an enterprise more.
create function private.adoptions_per_day(p_for_enterprise boolean)
returns int
language sql immutable
set search_path = ''
as $$ select case when p_for_enterprise then 10 else 3 end $$;

-- Disputed claims in 30 days that put an adopter in the moderators' queue.
create function private.dispute_limit()
returns int
language sql immutable
set search_path = ''
as $$ select 3 $$;

/** Whether an adopter's recent claims were disputed often enough for a moderator to look. */
create function private.adopter_under_review(p_user uuid)
returns boolean
language sql stable security definer
set search_path = ''
as $$
  select (select count(*) from public.adoption_disputes d
          where d.adopter_id = p_user and d.disputed_at > now() - interval '30 days') >= private.dispute_limit()
$$;

/** Whether the caller is in the moderators' queue of adopters (and may not adopt for now). */
create function private.caller_under_review()
returns boolean
language sql stable security definer
set search_path = ''
as $$ select auth.uid() is not null and private.adopter_under_review(auth.uid()) $$;
grant execute on function private.caller_under_review() to anon, authenticated;

/** Where a need stands in the lifecycle (need_outcome_json and need_page add it to the need). */
create function private.need_lifecycle_json(p_need_id uuid)
returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'adopted_by_enterprise', (select jsonb_build_object('id', e.id, 'name', e.name)
                              from public.enterprises e where e.id = n.adopted_by_enterprise),
    'adopted_by_me', exists (select 1 from public.need_adoptions a
                             where a.need_id = n.id and a.adopter_id = (select auth.uid())),
    'adopted_at', n.adopted_at, 'met_at', n.met_at, 'met_confirmed_at', n.met_confirmed_at,
    'met_confirmed_by', n.met_confirmed_by, 'met_claimed_at', n.met_claimed_at,
    'awaiting_confirmation', n.met_claimed_at is not null,
    -- Seen by the author (notifications are their own): when the claim counts as met.
    'auto_confirms_at', case when n.met_claimed_at is not null then
                          (select max(x.created_at) + interval '14 days' from public.notifications x
                           where x.need_id = n.id and x.kind = 'met_claimed' and x.created_at >= n.met_claimed_at) end,
    'still_met_at', n.still_met_at)
  from public.needs n
  where n.id = p_need_id
$$;
grant execute on function private.need_lifecycle_json(uuid) to anon, authenticated;

/** A need as need_json shows it, plus where it stands in the lifecycle. */
create or replace function private.need_outcome_json(p_need_id uuid)
returns jsonb
language sql stable
set search_path = ''
as $$
  select private.need_json(p_need_id) || private.need_lifecycle_json(p_need_id)
$$;

/** Whom to tell about a claim, and the adopter of a need (definer: both are private). */
create function private.need_author(p_need_id uuid)
returns uuid
language sql stable security definer
set search_path = ''
as $$ select p.author_id from public.need_private p where p.need_id = p_need_id $$;

-- ---------------------------------------------------------------------------
-- Transitions (definer helpers: the caller comes from the JWT, never an argument)
-- ---------------------------------------------------------------------------

/**
 * "We're on it": a confirmed account adopts an open or acknowledged need someone else
 * raised, for themselves or for an active enterprise they own. A retry returns the need.
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
  return private.need_outcome_json(p_need_id);
end
$$;

/**
 * The adopter says a need is met: a claim, which keeps the need in the demand until its
 * author confirms it (or 14 days pass after they were told). The author marking their
 * own need met is met and confirmed at once.
 */
create or replace function private.mark_need_met(p_need_id uuid, p_note text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_user();
  v_need public.needs := private.visible_need(p_need_id);
  v_note text := private.optional_note(p_note);
  v_who text;
begin
  if v_need.status = 'met' then
    raise exception 'This need is already met.' using errcode = '22023';
  end if;
  if private.is_need_author(p_need_id) then
    if v_need.status not in ('open', 'acknowledged', 'adopted') then
      raise exception 'This need is %, so it cannot be marked met.', v_need.status using errcode = '22023';
    end if;
    perform private.set_need_status(p_need_id, 'met', v_user, v_note, now(), 'author');
  elsif private.is_need_adopter(p_need_id) then
    if v_need.status <> 'adopted' then
      raise exception 'This need is %, so it cannot be marked met.', v_need.status using errcode = '22023';
    end if;
    if v_need.met_claimed_at is not null then
      raise exception 'You have already marked this need met; it is waiting for the person who raised it.'
        using errcode = '22023';
    end if;
    update public.needs set met_claimed_at = now() where id = p_need_id;
    insert into public.need_events (need_id, from_status, to_status, actor_id, actor_role, note)
    values (p_need_id, 'adopted', 'met_claimed', v_user, private.adopter_role(p_need_id), v_note);
    v_who := coalesce((select e.name from public.enterprises e where e.id = v_need.adopted_by_enterprise),
                      'The person who adopted it');
    perform private.notify(private.need_author(p_need_id), p_need_id, 'met_claimed',
      v_who || ' says the need you raised ("' || left(v_need.body, 80) || '") is met. '
      || 'Please confirm it, or say it is not met; without an answer it counts as met in 14 days.');
  else
    raise exception 'Only whoever adopted this need, or the person who raised it, can mark it met.'
      using errcode = '42501';
  end if;
  return private.need_outcome_json(p_need_id);
end
$$;

/**
 * The author answers. A claim: yes confirms it (met); no reopens the need, releases the
 * adopter and records the dispute against them. Already met (the "still met?" re-check):
 * yes records 'still_met' (at most once a day); no reopens it.
 */
create or replace function private.confirm_need_met(p_need_id uuid, p_still_met boolean)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_need public.needs := private.own_need(p_need_id);
  v_user uuid := auth.uid();
  v_adoption public.need_adoptions;
begin
  if p_still_met is null then
    raise exception 'Say whether the need is met (true) or not (false).' using errcode = '22023';
  end if;
  if v_need.status = 'adopted' and v_need.met_claimed_at is not null then
    if p_still_met then
      perform private.set_need_status(p_need_id, 'met', v_user, 'Confirmed by the person who raised it.', now(), 'author');
    else
      select * into v_adoption from public.need_adoptions a where a.need_id = p_need_id;
      insert into public.adoption_disputes (need_id, adopter_id, enterprise_id, claimed_at)
      values (p_need_id, v_adoption.adopter_id, v_adoption.enterprise_id, v_need.met_claimed_at);
      -- Public, as the claim was: planners count disputed claims from the history.
      insert into public.need_events (need_id, from_status, to_status, actor_id, actor_role, note)
      values (p_need_id, 'adopted', 'met_disputed', v_user, 'author', 'The person who raised it says it is not met.');
      perform private.set_need_status(p_need_id, 'open', v_user, 'Open again: the claim was disputed.', now(), 'author');
      perform private.notify(v_adoption.adopter_id, p_need_id, 'met_disputed',
        'The person who raised "' || left(v_need.body, 80) || '" says it is not met, so it is open again.');
    end if;
  elsif v_need.status = 'met' and v_need.met_confirmed_at is null then
    -- Marked met by a path outside the API (the seed, an operator): the author settles it.
    if p_still_met then
      update public.needs set met_confirmed_at = now(), met_confirmed_by = 'author' where id = p_need_id;
      perform private.record_need_event(p_need_id, 'met_confirmed', v_user, 'author', 'Confirmed by the person who raised it.');
    else
      perform private.set_need_status(p_need_id, 'open', v_user, 'The person who raised it says it is not met.', now(), 'author');
    end if;
  elsif v_need.status = 'met' then
    if p_still_met then
      if v_need.still_met_at is null or v_need.still_met_at < now() - interval '1 day' then
        update public.needs set still_met_at = now() where id = p_need_id;
        perform private.record_need_event(p_need_id, 'still_met', v_user, 'author', 'Still met, says the person who raised it.');
      end if;
    else
      perform private.set_need_status(p_need_id, 'open', v_user,
        'The person who raised it says it is no longer met.', now(), 'author');
    end if;
  else
    raise exception 'This need is %, and nobody has marked it met, so there is nothing to confirm.', v_need.status
      using errcode = '22023';
  end if;
  return private.need_outcome_json(p_need_id);
end
$$;

/**
 * Undoes an adoption: the author ("they never came"), the adopter ("we can't after all")
 * or a moderator. The need is open again for anyone to adopt.
 */
create function private.undo_adoption(p_need_id uuid, p_reason text)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_user();
  v_need public.needs := private.visible_need(p_need_id);
  v_reason text := private.optional_note(p_reason);
  v_adopter uuid := (select a.adopter_id from public.need_adoptions a where a.need_id = p_need_id);
  v_role text;
begin
  if v_need.status <> 'adopted' then
    raise exception 'This need is %, not adopted, so there is no adoption to undo.', v_need.status using errcode = '22023';
  end if;
  if private.is_need_author(p_need_id) then
    v_role := 'author';
  elsif private.is_need_adopter(p_need_id) then
    v_role := private.adopter_role(p_need_id);
  elsif private.has_role('moderator') then
    v_role := 'moderator';
  else
    raise exception 'Only the person who raised this need, whoever adopted it, or a moderator can undo its adoption.'
      using errcode = '42501';
  end if;
  perform private.set_need_status(p_need_id, 'open', v_user,
    coalesce(v_reason, 'The adoption was undone.'), now(), v_role);
  if v_adopter is distinct from v_user then
    perform private.notify(v_adopter, p_need_id, 'adoption_undone',
      'Your adoption of "' || left(v_need.body, 80) || '" was undone'
      || case v_role when 'author' then ' by the person who raised it.' else ' by a moderator.' end);
  end if;
  return private.need_outcome_json(p_need_id);
end
$$;
grant execute on function private.undo_adoption(uuid, text) to authenticated;

/**
 * Confirms every claim whose author was told 14 or more days ago and neither confirmed
 * nor objected, and returns how many. Idempotent. Hidden needs wait for their moderator.
 * Run it daily (the embedded backend does; on hosted Supabase with pg_cron:
 *   select cron.schedule('auto-confirm-met-needs', '17 3 * * *', $$select private.auto_confirm_met_needs()$$);).
 */
create or replace function private.auto_confirm_met_needs()
returns int
language plpgsql security definer
set search_path = ''
as $$
declare
  v_count int := 0;
  r record;
begin
  for r in
    select n.id from public.needs n
    where n.status = 'adopted' and n.met_claimed_at <= now() - interval '14 days' and n.hidden_at is null
      and exists (select 1 from public.notifications x
                  where x.need_id = n.id and x.kind = 'met_claimed' and x.created_at >= n.met_claimed_at
                    and x.created_at <= now() - interval '14 days')
    order by n.met_claimed_at, n.id
    for update skip locked
  loop
    perform private.set_need_status(r.id, 'met', null,
      'Confirmed automatically: no objection within 14 days of telling the person who raised it.', now(), 'system');
    update public.needs set met_confirmed_at = now(), met_confirmed_by = 'unchallenged' where id = r.id;
    v_count := v_count + 1;
  end loop;
  return v_count;
end
$$;

/** Lists a new enterprise for the caller (a confirmed account), who becomes its owner. */
create or replace function private.list_enterprise(
  p_name text, p_social_goal text, p_categories text[], p_lon float8, p_lat float8, p_contact text, p_website text
)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_confirmed('list or run an enterprise');
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
  insert into public.user_roles (user_id, role) values (v_user, 'enterprise_owner') on conflict do nothing;
  return private.enterprise_json(v_id);
end
$$;

-- Interests reach an enterprise's owner only once the owner's e-mail is confirmed.
drop policy "Enterprise owners can read interests in their opportunities" on public.interests;
create policy "Confirmed enterprise owners can read interests in their opportunities" on public.interests
  for select to authenticated
  using (private.owns_opportunity(opportunity_id) and (select private.caller_is_confirmed()));

-- ---------------------------------------------------------------------------
-- Outcome figures: how each met was confirmed
-- ---------------------------------------------------------------------------

/**
 * Outcome figures for the needs of a neighbourhood, a street, or (both null) everywhere.
 * Counted: needs raised and not withdrawn or hidden. met = confirmed met, split into
 * confirmed by the author and unchallenged after 14 days, each with its share of the
 * mets; awaiting = marked met by an adopter, waiting for the author; disputed = claims
 * the author said were not met. Medians: raised to first adoption, raised to met.
 */
create or replace function private.outcome_figures(p_neighbourhood uuid, p_street uuid)
returns jsonb
language sql stable
set search_path = ''
as $$
  with scope as (
    select n.id, n.status, n.created_at, n.met_at, n.met_confirmed_by, n.met_claimed_at, n.still_met_at,
           (select min(e.created_at) from public.need_events e
            where e.need_id = n.id and e.to_status = 'adopted') as first_adopted_at
    from public.needs n
    where n.hidden_at is null and n.status <> 'withdrawn'
      and (p_neighbourhood is null or n.neighbourhood_id = p_neighbourhood)
      and (p_street is null or n.street_id = p_street)
  ), figures as (
    select count(*)::int as raised,
           count(*) filter (where first_adopted_at is not null)::int as adopted,
           count(*) filter (where status = 'met' and met_confirmed_by is not null)::int as met,
           count(*) filter (where status = 'met' and met_confirmed_by = 'author')::int as by_author,
           count(*) filter (where status = 'met' and met_confirmed_by = 'unchallenged')::int as unchallenged,
           count(*) filter (where met_claimed_at is not null)::int as awaiting,
           count(*) filter (where status = 'met' and still_met_at is not null)::int as still_met,
           count(*) filter (where status in ('open', 'acknowledged', 'adopted'))::int as unmet,
           percentile_cont(0.5) within group (order by extract(epoch from first_adopted_at - created_at) / 86400)
             as median_adopt,
           percentile_cont(0.5) within group (order by extract(epoch from met_at - created_at) / 86400)
             filter (where status = 'met' and met_confirmed_by is not null) as median_met
    from scope
  ), months as (
    select m::timestamp as month
    from generate_series(date_trunc('month', now() at time zone 'UTC') - interval '11 months',
                         date_trunc('month', now() at time zone 'UTC'), interval '1 month') m
  )
  select jsonb_build_object(
    'needs_raised', f.raised, 'needs_adopted', f.adopted, 'needs_met', f.met,
    'needs_met_confirmed_by_author', f.by_author, 'needs_met_unchallenged', f.unchallenged,
    'share_met_confirmed_by_author', case when f.met > 0 then f.by_author::float8 / f.met end,
    'share_met_unchallenged', case when f.met > 0 then f.unchallenged::float8 / f.met end,
    'needs_awaiting_confirmation', f.awaiting,
    'needs_disputed', (select count(distinct e.need_id)::int from public.need_events e join scope s on s.id = e.need_id
                       where e.to_status = 'met_disputed'),
    'needs_still_met', f.still_met, 'needs_unmet', f.unmet,
    'share_met', case when f.raised > 0 then f.met::float8 / f.raised end,
    'median_days_to_adoption', round(f.median_adopt::numeric, 1)::float8,
    'median_days_to_met', round(f.median_met::numeric, 1)::float8,
    'by_month', (select jsonb_agg(jsonb_build_object(
        'month', to_char(m.month, 'YYYY-MM'),
        'raised', (select count(*) from scope s where date_trunc('month', s.created_at at time zone 'UTC') = m.month),
        'adopted', (select count(*) from scope s where date_trunc('month', s.first_adopted_at at time zone 'UTC') = m.month),
        'met', (select count(*) from scope s where s.status = 'met' and s.met_confirmed_by is not null
                and date_trunc('month', s.met_at at time zone 'UTC') = m.month))
      order by m.month) from months m))
  from figures f
$$;

-- ---------------------------------------------------------------------------
-- The public API
-- ---------------------------------------------------------------------------

/**
 * The caller's needs waiting for an answer: 'confirm_met' for a need its adopter marked
 * met (with when it counts as met without an answer), 'still_met' for a need met 90 or
 * more days ago and not re-checked since.
 */
create or replace function public.needs_due_recheck()
returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(private.need_outcome_json(n.id) || jsonb_build_object(
           'prompt', case when n.met_claimed_at is not null then 'confirm_met' else 'still_met' end)
         order by coalesce(n.met_claimed_at, n.met_at), n.id), '[]'::jsonb)
  from public.need_private p
  join public.needs n on n.id = p.need_id
  where p.author_id = (select auth.uid()) and n.hidden_at is null
    and (n.met_claimed_at is not null
         or (n.status = 'met' and coalesce(n.still_met_at, n.met_confirmed_at) <= now() - interval '90 days'))
$$;

/** Undo an adoption (its author, its adopter or a moderator); the need is open again. */
create function public.undo_adoption(need_id uuid, reason text default null)
returns jsonb language sql volatile set search_path = ''
as $$ select private.undo_adoption(need_id, reason) $$;

/**
 * One need's page: need_detail (words, street, history) and where it stands in the
 * lifecycle, with what the caller may do: adopt (and for which of their enterprises),
 * mark met, answer a claim, undo the adoption.
 */
create function public.need_page(need_id uuid)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v public.needs;
  v_signed_in boolean := auth.uid() is not null;
  v_confirmed boolean := private.caller_is_confirmed();
  v_author boolean;
  v_adopter boolean;
begin
  -- Invoker: row-level security decides whether the caller sees the need at all.
  select * into v from public.needs n where n.id = need_page.need_id;
  if not found then
    return null;
  end if;
  v_author := private.is_need_author(v.id);
  v_adopter := false;
  if v_signed_in then  -- is_need_adopter is not anon's to call
    v_adopter := private.is_need_adopter(v.id);
  end if;
  return public.need_detail(v.id) || private.need_lifecycle_json(v.id) || jsonb_build_object('may', jsonb_build_object(
    'adopt', v_confirmed and v.status in ('open', 'acknowledged') and v.hidden_at is null and not v_author
             and not private.caller_under_review(),
    'adopt_for', case when v_confirmed then coalesce((
                   select jsonb_agg(jsonb_build_object('id', e.id, 'name', e.name) order by e.name, e.id)
                   from public.enterprises e
                   where e.owner_id = (select auth.uid()) and e.status = 'active'), '[]'::jsonb)
                 else '[]'::jsonb end,
    'mark_met', v.status = 'adopted' and v.met_claimed_at is null and v_adopter,
    'answer_claim', v.met_claimed_at is not null and v_author,
    'undo_adoption', v.status = 'adopted' and (v_author or v_adopter or (v_signed_in and private.has_role('moderator'))),
    'confirmed_account', v_confirmed));
end
$$;

/** The caller's notifications, newest first (50), and how many are unread. */
create function public.my_notifications()
returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'unread', (select count(*)::int from public.notifications x
               where x.user_id = (select auth.uid()) and x.read_at is null),
    'items', coalesce((select jsonb_agg(jsonb_build_object('id', x.id, 'need_id', x.need_id, 'kind', x.kind,
                                                           'body', x.body, 'created_at', x.created_at,
                                                           'read', x.read_at is not null)
                                        order by x.created_at desc, x.id desc)
                       from (select * from public.notifications x where x.user_id = (select auth.uid())
                             order by x.created_at desc, x.id desc limit 50) x), '[]'::jsonb))
$$;

/** Marks the caller's notifications read; returns how many changed. */
create function private.mark_notifications_read()
returns int
language plpgsql security definer
set search_path = ''
as $$
declare
  -- The caller first, so planning the update never evaluates the refusal.
  v_user uuid := private.require_user();
  v_count int;
begin
  update public.notifications x set read_at = now()
  where x.user_id = v_user and x.read_at is null;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
grant execute on function private.mark_notifications_read() to authenticated;

create function public.mark_notifications_read()
returns int language sql volatile set search_path = ''
as $$ select private.mark_notifications_read() $$;

/**
 * The moderators' queue of adopters: everyone with 3 or more disputed claims in the last
 * 30 days, with their disputes and what they still hold adopted.
 */
create function private.disputed_adopters()
returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not private.has_role('moderator') then
    raise exception 'Only moderators can see disputed adopters.' using errcode = '42501';
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object(
             'adopter_id', q.adopter_id, 'disputes_30_days', q.disputes, 'last_disputed_at', q.last_at,
             'enterprises', (select coalesce(jsonb_agg(distinct e.name), '[]'::jsonb) from public.adoption_disputes d
                             join public.enterprises e on e.id = d.enterprise_id where d.adopter_id = q.adopter_id),
             'adopted_now', (select count(*) from public.need_adoptions a join public.needs n on n.id = a.need_id
                             where a.adopter_id = q.adopter_id and n.status = 'adopted'),
             'disputed_needs', (select jsonb_agg(jsonb_build_object('need_id', d.need_id, 'body', n.body,
                                                                    'claimed_at', d.claimed_at, 'disputed_at', d.disputed_at)
                                                 order by d.disputed_at desc)
                                from public.adoption_disputes d join public.needs n on n.id = d.need_id
                                where d.adopter_id = q.adopter_id and d.disputed_at > now() - interval '30 days'))
           order by q.disputes desc, q.last_at desc)
    from (select d.adopter_id, count(*)::int as disputes, max(d.disputed_at) as last_at
          from public.adoption_disputes d
          where d.disputed_at > now() - interval '30 days'
          group by d.adopter_id
          having count(*) >= private.dispute_limit()) q), '[]'::jsonb);
end
$$;
grant execute on function private.disputed_adopters() to authenticated;

create function public.disputed_adopters()
returns jsonb language sql stable set search_path = ''
as $$ select private.disputed_adopters() $$;

revoke execute on function public.undo_adoption(uuid, text), public.need_page(uuid), public.my_notifications(),
  public.mark_notifications_read(), public.disputed_adopters() from public, anon, authenticated;
grant execute on function public.undo_adoption(uuid, text), public.my_notifications(),
  public.mark_notifications_read(), public.disputed_adopters() to authenticated;
grant execute on function public.need_page(uuid) to anon, authenticated;

-- The API roles read these tables through their policies and never write them.
revoke insert, update, delete, truncate, references, trigger on public.adoption_disputes, public.notifications
  from anon, authenticated;

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
