-- The schema contract: the rules every migration must keep, checked on the catalog
-- rather than on behaviour, so a new table or function that forgets them fails here
-- before anyone writes a test for it. The runner migrates the database twice (as the
-- embedded backend does at each start), so these also prove a restart widens nothing.
begin;
set local search_path = public, extensions;
select plan(28);

-- PostGIS where hosted Supabase puts it, and nothing installed into public.
select is(
  (select extnamespace::regnamespace::text from pg_extension where extname = 'postgis'),
  'extensions', 'PostGIS lives in schema extensions');
select is_empty($$
  select extname from pg_extension where extnamespace = 'public'::regnamespace
$$, 'No extension is installed in schema public');

-- The tables and API functions the RLS matrix covers: a new one fails here until the
-- matrix (rls_matrix.test.sql, rls_functions.test.sql) is extended.
select tables_are('public', array[
  'adoption_disputes', 'assets', 'brief_project_needs', 'brief_projects', 'categories',
  'enterprises', 'import_runs', 'interests', 'need_adoptions', 'need_events', 'need_private',
  'need_reports', 'need_supports', 'needs', 'neighbourhoods', 'notifications', 'opportunities',
  'places', 'profiles', 'project_cofounders', 'project_invitations', 'street_groups', 'streets',
  'user_roles', 'context_features', 'wards'
], 'Public has exactly the tables the RLS matrix covers (places and street_groups: street_groups.test.sql; context_features and wards: context_wards.test.sql)');
select functions_are('public', array[
  'add_opportunity', 'adopt_need', 'auto_confirm_met_needs', 'close_need', 'confirm_need_met', 'edit_need',
  'enterprise_interests', 'express_interest', 'hide_need', 'list_categories', 'list_enterprise', 'my_enterprises',
  'opportunity_detail', 'set_opportunity_status', 'update_enterprise', 'map_assets', 'map_enterprises', 'map_needs',
  'map_neighbourhoods', 'map_streets', 'mark_need_met', 'my_interests', 'my_needs', 'nearby_opportunities',
  'need_detail', 'needs_due_recheck', 'neighbourhood_gaps', 'neighbourhood_outcomes', 'pin_need', 'reopen_need',
  'report_need', 'reported_needs', 'restore_need', 'search_places', 'similar_needs', 'street_gaps',
  'street_name_gaps', 'data_sources', 'ranked_streets', 'street_page', 'area_extent', 'map_places',
  'street_outcomes', 'support_need', 'unsupport_need', 'withdraw_interest', 'withdraw_need',
  'disputed_adopters', 'mark_notifications_read', 'my_notifications', 'need_page', 'undo_adoption',
  'list_briefs', 'brief_detail', 'brief_outcomes_by_neighbourhood', 'start_project_from_brief', 'adopt_brief_needs',
  'invite_cofounder', 'join_project', 'set_project_stage', 'project_detail', 'need_projects', 'my_roles',
  'map_tile', 'map_context', 'map_layer_page'
], 'Public has exactly the API functions the function matrix covers');

-- Row-level security on every table, with one policy per operation.
select is_empty($$
  select c.relname from pg_class c
  where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relrowsecurity
$$, 'Every table in public has row-level security enabled');
select is_empty($$
  select tablename || ': ' || policyname from pg_policies where schemaname = 'public' and cmd = 'ALL'
$$, 'No policy is written "for all" (one policy per operation)');
select is_empty($$
  select tablename || ': ' || policyname from pg_policies
  where schemaname = 'public'
    and regexp_count(coalesce(qual, '') || coalesce(with_check, ''), 'auth\.uid\(\)')
        <> regexp_count(coalesce(qual, '') || coalesce(with_check, ''), 'SELECT auth\.uid\(\)')
$$, 'Policies call (select auth.uid()), evaluated once per statement, never bare auth.uid()');
select is_empty($$
  select c.relname from pg_class c
  where c.relnamespace = 'public'::regnamespace and c.relkind = 'v'
    and not coalesce('security_invoker=true' = any (c.reloptions), false)
$$, 'Every view in public is security_invoker, so RLS applies to whoever reads it');
select is_empty($$
  select c.relname from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'm'
$$, 'No materialized view in public (they ignore RLS)');

-- Table privileges that would bypass or weaken RLS.
select is_empty($$
  select r.rolname || ' ' || p.priv || ' on ' || c.relname
  from pg_class c
  cross join (values ('anon'), ('authenticated')) r (rolname)
  cross join (values ('TRUNCATE'), ('TRIGGER'), ('REFERENCES')) p (priv)
  where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
    and has_table_privilege(r.rolname, c.oid, p.priv)
$$, 'anon and authenticated have no TRUNCATE, TRIGGER or REFERENCES on any table (they bypass RLS)');
select ok(
  not has_column_privilege('anon', 'public.need_events', 'actor_id', 'select')
  and not has_column_privilege('authenticated', 'public.need_events', 'actor_id', 'select'),
  'Nobody reads need_events.actor_id through the API (it would name who raised each need)');
select ok(
  has_column_privilege('anon', 'public.need_events', 'to_status', 'select'),
  'anon may read the rest of need_events (the public history)');

-- Functions: nothing executable by PUBLIC, API functions granted explicitly.
select is_empty($$
  select p.oid::regprocedure::text from pg_proc p
  where p.pronamespace = 'public'::regnamespace
    and (p.proacl is null
         or exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE'))
$$, 'Every function in public has execute revoked from PUBLIC');
select is_empty($$
  select p.oid::regprocedure::text from pg_proc p
  where p.pronamespace = 'public'::regnamespace
    and not exists (select 1 from aclexplode(p.proacl) a
                    where a.privilege_type = 'EXECUTE'
                      and a.grantee in ('anon'::regrole, 'authenticated'::regrole, 'service_role'::regrole))
$$, 'Every function in public is granted explicitly (to anon, authenticated or service_role)');
select results_eq($$
  select p.proname::text collate "default" from pg_proc p
  where p.pronamespace = 'public'::regnamespace and has_function_privilege('anon', p.oid, 'execute')
  order by 1
$$, $$ values ('area_extent'), ('brief_detail'), ('brief_outcomes_by_neighbourhood'), ('data_sources'),
              ('list_briefs'), ('list_categories'), ('map_assets'), ('map_context'), ('map_enterprises'), ('map_layer_page'), ('map_needs'),
              ('map_neighbourhoods'), ('map_places'), ('map_streets'), ('map_tile'), ('my_roles'), ('nearby_opportunities'), ('need_detail'),
              ('need_page'), ('need_projects'), ('neighbourhood_gaps'), ('neighbourhood_outcomes'),
              ('opportunity_detail'), ('project_detail'), ('ranked_streets'), ('search_places'),
              ('similar_needs'), ('street_gaps'), ('street_name_gaps'), ('street_outcomes'), ('street_page') $$,
  'anon can execute exactly the read API (maps, categories, needs, search, opportunities, gaps, outcomes)');
select results_eq($$
  select p.oid::regprocedure::text collate "default" from pg_proc p
  where p.pronamespace = 'public'::regnamespace and not has_function_privilege('authenticated', p.oid, 'execute')
$$, $$ values ('auto_confirm_met_needs()') $$,
  'authenticated can execute every API function but the service role''s daily job');
select is_empty($$
  select p.oid::regprocedure::text from pg_proc p
  where p.pronamespace = 'private'::regnamespace
    and (p.proacl is null
         or exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE'))
$$, 'Every function in private has execute revoked from PUBLIC (helpers are granted one by one)');

-- Security definer: only in private, with a fixed, empty search_path, and callable by
-- the API roles only where the function takes the caller from the JWT itself.
select is_empty($$
  select p.oid::regprocedure::text from pg_proc p
  where p.pronamespace = 'public'::regnamespace and p.prosecdef
$$, 'No security definer function in public (so none is exposed through the API)');
select is_empty($$
  select p.oid::regprocedure::text from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  where p.prosecdef
    and n.nspname not in ('pg_catalog', 'information_schema')
    and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
    and not coalesce('search_path=""' = any (p.proconfig), false)
$$, 'Every security definer function has a fixed, empty search_path');
select is_empty($$
  select p.oid::regprocedure::text from pg_proc p
  where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
    and not exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%')
$$, 'Every function in public and private pins its search_path');
select results_eq($$
  select p.proname::text collate "default" from pg_proc p
  where p.pronamespace = 'private'::regnamespace and p.prosecdef
    and has_function_privilege('anon', p.oid, 'execute')
  order by 1
$$, $$ values ('brief_clusters_current'), ('cached_brief_members'), ('cached_street_gaps'), ('caller_is_confirmed'), ('caller_under_review'),
              ('covered_needs'), ('has_role'), ('is_need_author'),
              ('is_project_member'), ('neighbourhood_need_stats'), ('neighbourhood_street_gaps'), ('project_json'), ('street_category_gaps'), ('street_group_category_gaps'), ('tile_cells_version'), ('tile_features'), ('young_interest_near') $$,
  'The only definer helpers anon can execute answer questions about the caller (confirmed, under review, roles, author, project member) or public aggregates (a project''s page, a suppressed count of young people, which public needs have a provider near, gaps per street and neighbourhood, the briefs'' clusters, the data version and the public features of map tiles)');
select results_eq($$
  select p.proname::text collate "default" from pg_proc p
  where p.pronamespace = 'private'::regnamespace and p.prosecdef
    and has_function_privilege('authenticated', p.oid, 'execute')
  order by 1
$$, $$ values ('add_opportunity'), ('adopt_brief_needs'), ('adopt_need'), ('brief_clusters_current'), ('cached_brief_members'),
              ('cached_street_gaps'), ('caller_is_confirmed'),
              ('caller_under_review'), ('close_need'), ('confirm_need_met'), ('covered_needs'), ('disputed_adopters'),
              ('edit_need'), ('enterprise_json'), ('express_interest'), ('has_role'), ('invite_cofounder'),
              ('is_need_adopter'), ('is_need_author'), ('is_project_member'), ('join_project'),
              ('list_enterprise'), ('mark_need_met'), ('mark_notifications_read'), ('moderate_need'),
              ('neighbourhood_need_stats'), ('neighbourhood_street_gaps'), ('owns_enterprise'), ('owns_opportunity'), ('pin_need'), ('project_json'), ('reopen_need'),
              ('report_need'), ('require_confirmed'), ('set_opportunity_status'), ('set_project_stage'),
              ('start_project_from_brief'), ('street_category_gaps'), ('street_group_category_gaps'), ('support_need'), ('tile_cells_version'), ('tile_features'), ('undo_adoption'), ('update_enterprise'),
              ('withdraw_need'), ('young_interest_near') $$,
  'Definer helpers authenticated can execute all take the caller from the JWT, never from an argument (or answer public aggregates)');
select ok(
  not has_function_privilege('authenticated', 'private.record_need(uuid,uuid,text,text,float8,float8,timestamptz)', 'execute')
  and not has_function_privilege('anon', 'private.record_need(uuid,uuid,text,text,float8,float8,timestamptz)', 'execute'),
  'Nobody can call private.record_need (it takes the author as an argument) except the owner');
select ok(
  not has_function_privilege('authenticated', 'private.set_need_status(uuid,text,uuid,text,timestamptz,text)', 'execute')
  and not has_function_privilege('anon', 'private.set_need_status(uuid,text,uuid,text,timestamptz,text)', 'execute'),
  'Nobody can call private.set_need_status (it trusts its caller) except the owner');

-- Geography: real metres, and an index for every column.
select is_empty($$
  select c.relname || '.' || a.attname from pg_attribute a
  join pg_class c on c.oid = a.attrelid
  where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
    and a.atttypid = 'extensions.geometry'::regtype
$$, 'No geometry columns in public: spatial data is geography, so distances are in metres');
select isnt_empty($$
  select 1 from pg_attribute a join pg_class c on c.oid = a.attrelid
  where c.relnamespace = 'public'::regnamespace and a.atttypid = 'extensions.geography'::regtype
$$, 'There are geography columns to check');
select is_empty($$
  select c.relname || '.' || a.attname from pg_attribute a
  join pg_class c on c.oid = a.attrelid
  where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
    and a.atttypid = 'extensions.geography'::regtype
    and not exists (
      select 1 from pg_index i
      join pg_class ic on ic.oid = i.indexrelid
      join pg_am am on am.oid = ic.relam
      where i.indrelid = c.oid and am.amname = 'gist' and i.indkey[0] = a.attnum)
$$, 'Every geography column in public has a GiST index');

-- Supabase's default statement timeouts bound every API call.
select is(
  (select array_agg(r.rolname::text order by r.rolname) from pg_roles r
   join pg_db_role_setting s on s.setrole = r.oid and s.setdatabase = 0
   where r.rolname in ('anon', 'authenticated')
     and exists (select 1 from unnest(s.setconfig) c where c like 'statement_timeout=%')),
  array['anon', 'authenticated'],
  'anon and authenticated have a statement timeout');

select * from finish();
rollback;
