-- One rule book on every path: the API roles write only through the API functions.
--
-- Hosted PostgREST exposes every table in `public`, and Supabase grants the API roles
-- ALL on them. Row-level security let an owner insert enterprises straight into the
-- table, past list_enterprise's cap, its HTML check and its served-area check. So the
-- table write privileges themselves go: every write runs in a security definer helper
-- that validates it (the functions in 20261127000700, 000800, 001100, 001200, 001300).
-- Reads stay as they are, guarded by RLS.

-- Write policies that no API call uses any more (the functions write as the table owner).
drop policy "Users can create their own profile" on public.profiles;
drop policy "Users can edit their own profile" on public.profiles;
drop policy "Moderators can correct assets" on public.assets;
drop policy "Owners can list their enterprise" on public.enterprises;
drop policy "Owners can update their enterprise" on public.enterprises;
drop policy "Owners can add opportunities" on public.opportunities;
drop policy "Owners can update their opportunities" on public.opportunities;

revoke insert, update, delete, truncate, references, trigger on all tables in schema public from anon, authenticated;
revoke usage, update on all sequences in schema public from anon, authenticated;

-- public.withdraw_interest is an invoker function: it deletes the caller's own interest
-- through the policy "Young people can withdraw their own interests".
grant delete on public.interests to authenticated;

-- Tables and sequences that later migrations create get no write privilege either
-- (Supabase's defaults would grant them ALL); a migration that wants one grants it
-- explicitly, and table_writes.test.sql asks why.
alter default privileges in schema public revoke insert, update, delete on tables from anon, authenticated;
alter default privileges in schema public revoke usage, update on sequences from anon, authenticated;
