-- Interests: a young person's "I'd like to join" on an opportunity. Minimum personal
-- data, visible only to that person and the owners of the enterprise they chose.

/** One interest per person per opportunity; withdrawing deletes it. */
create table public.interests (
  id uuid primary key default gen_random_uuid(),
  opportunity_id uuid not null references public.opportunities (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  display_name text not null check (char_length(display_name) between 1 and 40),
  reply_via text not null check (reply_via in ('email', 'phone', 'in-person')),
  reply_to text check (reply_to is null or char_length(reply_to) <= 200),
  age int not null check (age between 10 and 120),
  message text check (message is null or char_length(message) <= 500),
  created_at timestamptz not null default now(),
  unique (opportunity_id, user_id)
);
alter table public.interests enable row level security;

create index interests_user_idx on public.interests (user_id);

/** Whether the caller owns the enterprise behind an opportunity. */
create function private.owns_opportunity(p_opportunity_id uuid)
returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.opportunities o
    join public.enterprises e on e.id = o.enterprise_id
    where o.id = p_opportunity_id and e.owner_id = (select auth.uid())
  )
$$;
grant execute on function private.owns_opportunity(uuid) to authenticated;

create policy "Young people can read their own interests" on public.interests
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Enterprise owners can read interests in their opportunities" on public.interests
  for select to authenticated using (private.owns_opportunity(opportunity_id));
create policy "Young people can withdraw their own interests" on public.interests
  for delete to authenticated using (user_id = (select auth.uid()));

-- Postgres lets PUBLIC execute every new function, and a per-schema default cannot
-- take that back; so the helpers above are closed here, and only the grants above open them.
revoke execute on all functions in schema private from public;
