-- Confirmed accounts (GoTrue semantics): an e-mail account is confirmed only by the
-- link mailed to it. Until then it has an anonymous resident's powers: no roles, no
-- enterprise, no adopting, no interests received. Staff roles come by invitation, and
-- only ever to a confirmed account. These rules hold on every path: the embedded
-- backend, a real Postgres and hosted Supabase (where GoTrue itself does the mailing).

-- GoTrue's confirmation columns. Hosted Supabase has them already (and the migration
-- role does not own auth.users there), so each is added only where it is missing.
do $$
declare
  c record;
begin
  for c in
    select * from (values
      ('confirmation_token', 'varchar(255)'), ('confirmation_sent_at', 'timestamptz'),
      ('invited_at', 'timestamptz'), ('recovery_token', 'varchar(255)'), ('recovery_sent_at', 'timestamptz'),
      ('email_change', 'varchar(255)'), ('email_change_token_new', 'varchar(255)'),
      ('email_change_token_current', 'varchar(255)'), ('email_change_sent_at', 'timestamptz'),
      ('email_change_confirm_status', 'smallint default 0')
    ) as t(name, type)
  loop
    if not exists (select 1 from pg_attribute
                   where attrelid = 'auth.users'::regclass and attname = c.name and not attisdropped) then
      execute format('alter table auth.users add column %I %s', c.name, c.type);
    end if;
  end loop;
end
$$;

/**
 * 'confirmed' (a permanent account whose e-mail address is confirmed), 'unconfirmed',
 * 'anonymous' or 'none'. Definer: it reads auth.users, which the API roles cannot.
 * Not granted to the API roles (it would tell anyone about any account).
 */
create function private.account_state(p_user uuid)
returns text
language sql stable security definer
set search_path = ''
as $$
  select coalesce((
    select case
             when u.is_anonymous or u.email is null then 'anonymous'
             when u.email_confirmed_at is null then 'unconfirmed'
             else 'confirmed'
           end
    from auth.users u
    where u.id = p_user and u.deleted_at is null
  ), 'none')
$$;
revoke execute on function private.account_state(uuid) from public, anon, authenticated;

/**
 * Whether the caller is a permanent account with a confirmed e-mail address. Read
 * from auth.users, not the JWT: a token never claims more than the database knows.
 */
create function private.caller_is_confirmed()
returns boolean
language sql stable security definer
set search_path = ''
as $$
  select private.account_state(auth.uid()) = 'confirmed'
$$;
revoke execute on function private.caller_is_confirmed() from public;
grant execute on function private.caller_is_confirmed() to anon, authenticated;

/** The caller's id when confirmed; otherwise a refusal that says what to do (42501). */
create function private.require_confirmed(p_action text)
returns uuid
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_user uuid := auth.uid();
  v_state text;
begin
  if v_user is null then
    raise exception 'Sign in first.' using errcode = '42501';
  end if;
  v_state := private.account_state(v_user);
  if v_state = 'confirmed' then
    return v_user;
  elsif v_state = 'unconfirmed' then
    raise exception 'Confirm your e-mail address to %: open the link we mailed you.', p_action using errcode = '42501';
  end if;
  raise exception 'Sign in with an email account to %.', p_action using errcode = '42501';
end
$$;
revoke execute on function private.require_confirmed(text) from public;
grant execute on function private.require_confirmed(text) to authenticated;

-- "Anonymous" now means "without a confirmed account": every rule that gave permanent
-- accounts more (pin limits, enterprise policies, adopting) holds them back until the
-- address is confirmed, without redefining each of those rules.
create or replace function private.is_anonymous()
returns boolean
language sql stable
set search_path = ''
as $$
  select not private.caller_is_confirmed()
$$;

-- An unconfirmed account holds no role, whatever user_roles says.
create or replace function private.has_role(p_role text)
returns boolean
language sql stable security definer
set search_path = ''
as $$
  select private.caller_is_confirmed() and exists (
    select 1 from public.user_roles r
    where r.user_id = (select auth.uid()) and r.role = p_role
  )
$$;

create or replace function private.require_account()
returns uuid
language plpgsql stable
set search_path = ''
as $$
begin
  return private.require_confirmed('list or run an enterprise');
end
$$;

-- No interests received until confirmed (they carry young people's contact details).
create or replace function public.enterprise_interests()
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
  where e.owner_id = (select auth.uid()) and (select private.caller_is_confirmed())
  order by i.created_at desc
$$;

/** A role goes only to a confirmed account, on every path (admin, SQL, service role). */
create function private.check_role_holder()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_state text := private.account_state(new.user_id);
begin
  if v_state <> 'confirmed' then
    raise exception 'That account has not confirmed an e-mail address (it is %): a role goes only to a confirmed account.', v_state
      using errcode = '42501', hint = 'Invite the person instead: the role is granted when they open the link.';
  end if;
  return new;
end
$$;
revoke execute on function private.check_role_holder() from public, anon, authenticated;
-- After, not before: for the API roles row-level security answers first, as it always did.
create trigger user_roles_confirmed_holder
  after insert or update on public.user_roles
  for each row execute function private.check_role_holder();

/**
 * Staff invitations: the role waits here until the invited address is confirmed (by the
 * invitation link, on any engine: the trigger below grants it). Never exposed to the API.
 */
create table private.staff_invitations (
  email text not null check (email = lower(email) and char_length(email) between 3 and 255),
  role text not null check (role in ('enterprise_owner', 'planner', 'moderator')),
  invited_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  primary key (email, role)
);
alter table private.staff_invitations enable row level security;
revoke all on private.staff_invitations from public, anon, authenticated;

/** Grants the waiting roles once an invited address belongs to a confirmed account. */
create function private.accept_staff_invitations()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.email is null or new.email_confirmed_at is null or new.is_anonymous or new.deleted_at is not null then
    return null;
  end if;
  with accepted as (
    update private.staff_invitations i
    set accepted_at = now(), accepted_by = new.id
    where i.email = lower(new.email) and i.accepted_at is null and i.expires_at > now()
    returning i.role
  )
  insert into public.user_roles (user_id, role)
  select new.id, a.role from accepted a
  on conflict do nothing;
  return null;
end
$$;
revoke execute on function private.accept_staff_invitations() from public, anon, authenticated;
create trigger accept_staff_invitations
  after insert or update of email, email_confirmed_at, is_anonymous on auth.users
  for each row execute function private.accept_staff_invitations();
