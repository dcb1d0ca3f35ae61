-- Delivering private.mail_outbox (20261201001600). The embedded backend drains it every
-- minute (src/server/mail/outbox.ts); on hosted Supabase a scheduled Edge Function must
-- (README). A sender claims one row at a time by pushing next_attempt_at forward (a lease,
-- taken with `for update skip locked`, so two servers never both send it), sends it
-- outside any transaction, then stamps sent_at; a failed send records the error and waits
-- longer each time (1, 2, 4 … minutes, at most 6 hours) before the next try.

alter table private.mail_outbox
  add column need_id uuid references public.needs (id) on delete set null,
  add column attempts integer not null default 0 check (attempts >= 0),
  add column last_error text check (char_length(last_error) <= 1000),
  add column next_attempt_at timestamptz not null default now();

comment on column private.mail_outbox.need_id is 'The need the mail is about: the mail links to its page.';
comment on column private.mail_outbox.attempts is 'Sends tried (claims taken), successful or not.';
comment on column private.mail_outbox.last_error is 'Why the last send failed; null once sent.';
comment on column private.mail_outbox.next_attempt_at is 'Not sent before this: a sender''s lease while it sends, then the wait after a failure.';

create index mail_outbox_unsent_idx on private.mail_outbox (next_attempt_at, id) where sent_at is null;

/** As 20261201001600, and the mail now names its need (for the link) and has a subject that fits the reader. */
create or replace function private.notify(p_user uuid, p_need uuid, p_kind text, p_body text)
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
    insert into private.mail_outbox (to_address, subject, body, need_id)
    values (v_email,
            case p_kind
              when 'met_claimed' then 'Street Level: your need was marked met. Is it?'
              when 'met_disputed' then 'Street Level: a need you adopted is open again'
              when 'adoption_undone' then 'Street Level: your adoption of a need was undone'
              else 'Street Level: about the need you raised'
            end,
            p_body, p_need);
  end if;
end
$$;
