-- private.own_need takes the caller once, before any query, as pin_need and
-- support_need do.
--
-- It used to call private.require_user() inside the WHERE clause of its author check.
-- require_user() is STABLE, so the planner evaluates it while estimating that
-- clause's selectivity (against need_private_author_idx): with nobody signed in,
-- "Sign in first." was raised while the query was being planned, not run.
-- Callers saw the same refusal either way (it never let anyone through), but
-- `supabase db lint` (plpgsql_check plans every statement) stopped at that error and
-- checked nothing else in the function, and which refusal came first depended on the
-- planner. Now the order is explicit: sign in, then the need must exist, then it must
-- be the caller's own.

/** The author's own need, locked, or a refusal that says why. */
create or replace function private.own_need(p_need_id uuid)
returns public.needs
language plpgsql security definer
set search_path = ''
as $$
declare
  v_user uuid := private.require_user();
  v public.needs;
begin
  select * into v from public.needs n where n.id = p_need_id for update;
  if not found then
    raise exception 'That need does not exist.' using errcode = 'PT404';
  end if;
  if not exists (select 1 from public.need_private p
                 where p.need_id = p_need_id and p.author_id = v_user) then
    raise exception 'Only the person who raised a need can change it.' using errcode = '42501';
  end if;
  return v;
end
$$;
