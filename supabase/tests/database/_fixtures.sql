-- A tiny hand-made town shared by the pgTAP files (included with `\ir _fixtures.sql`
-- inside each file's transaction, so it is rolled back with the file). It never uses
-- the demo data: every number the tests expect is worked out from what is below.
--
--   Northgate (T-NORTH)  lon −3.06…−3.04, lat 53.81…53.83
--     Alpha Road   north–south along lon −3.05, lat 53.820 → 53.821 (111.2 m, one 60 m
--                  stretch, so every need on it gets the public point (−3.05, 53.8205))
--     Alpha Food Bank   asset, food, 300 m due north of Alpha Road's north end
--     Far Pantry        asset, food + older people, 500 m due north of that end
--   Eastfield (T-EAST)   lon −3.04…−3.02, lat 53.81…53.83
--     Beta Street  north–south along lon −3.03, lat 53.820 → 53.821
--     Beta Bikes & Bites   enterprise (owner), active, food + youth, ~98 m east of Beta Street
--     Gamma Garden Club    enterprise (owner_2), paused, green space + food, ~98 m west
--
-- Metres north of a point are degrees(m / 6371008.771415): the sphere PostGIS uses
-- with use_spheroid => false, as the migrations do.
--
-- People (auth.users): resident_a and resident_b are anonymous sign-ins; owner,
-- owner_2, planner and moderator have permanent accounts with confirmed e-mail
-- addresses and a row in user_roles; newcomer is an anonymous sign-in with nothing at
-- all; unconfirmed has signed up with an e-mail address but not opened the link yet.
--
-- Needs (via private.record_need, the one write path):
--   need_a       resident_a, food,       exact (−3.050123, 53.820456), supported by resident_b
--   need_b       resident_b, loneliness, exact (−3.049877, 53.820789)
--   need_hidden  resident_a, safety,     exact (−3.050200, 53.820300), hidden by a moderator
-- Opportunities: opportunity_1 (Beta Bikes, ages 14–18, weekly, unpaid, open),
-- opportunity_closed (Beta Bikes, closed), opportunity_2 (Gamma Garden, 16–99, paid).
-- Interest: interest_b, resident_b (age 16, "Sam") in opportunity_1.

/** Helpers for the tests only; created and rolled back inside each test file. */
create schema tests;
grant usage on schema tests to anon, authenticated;

/** Fixture ids by label, so tests read `tests.id('need_a')` instead of raw uuids. */
create table tests.ids (
  label text primary key,
  id uuid not null unique default gen_random_uuid(),
  is_anonymous boolean  -- users only: how their JWT says they signed in
);
grant select on tests.ids to anon, authenticated;

/** The id of a fixture; a typo fails loudly instead of matching nothing. */
create function tests.id(p_label text)
returns uuid
language plpgsql stable
as $$
declare
  v uuid;
begin
  select i.id into v from tests.ids i where i.label = p_label;
  if v is null then
    raise exception 'No fixture is labelled %.', p_label;
  end if;
  return v;
end
$$;
grant execute on function tests.id(text) to anon, authenticated;

/**
 * Acts as a caller the way PostgREST does for a request: the JWT claims in
 * request.jwt.claims and `set local role` (set_config('role', …, true) is the same
 * thing). 'anon' is a visitor who has not signed in. `reset role` goes back to the
 * superuser to arrange or inspect data.
 */
create procedure tests.act_as(p_label text)
language plpgsql
as $$
declare
  v_user tests.ids;
begin
  if p_label = 'anon' then
    perform set_config('request.jwt.claims', '{"role":"anon"}', true);
    perform set_config('role', 'anon', true);
    return;
  end if;
  select * into v_user from tests.ids i where i.label = p_label and i.is_anonymous is not null;
  if not found then
    raise exception 'No fixture user is labelled %.', p_label;
  end if;
  perform set_config('request.jwt.claims', jsonb_build_object(
    'sub', v_user.id, 'role', 'authenticated', 'is_anonymous', v_user.is_anonymous)::text, true);
  perform set_config('role', 'authenticated', true);
end
$$;
grant execute on procedure tests.act_as(text) to anon, authenticated;

/** A WGS84 point `metres` due north of (lon, lat), exact on PostGIS's sphere. */
create function tests.north_of(p_lon float8, p_lat float8, p_metres float8)
returns extensions.geography
language sql immutable
as $$
  select extensions.st_setsrid(
    extensions.st_makepoint(p_lon, p_lat + degrees(p_metres / 6371008.771415)), 4326)::extensions.geography
$$;

-- People.
insert into tests.ids (label, is_anonymous) values
  ('resident_a', true), ('resident_b', true), ('newcomer', true),
  ('owner', false), ('owner_2', false), ('planner', false), ('moderator', false);
insert into auth.users (id, aud, role, email, email_confirmed_at, is_anonymous)
select i.id, 'authenticated', 'authenticated',
       case when i.is_anonymous then null else i.label || '@example.test' end,
       case when i.is_anonymous then null else now() end, i.is_anonymous
from tests.ids i where i.is_anonymous is not null;
insert into public.user_roles (user_id, role) values
  (tests.id('owner'), 'enterprise_owner'),
  (tests.id('owner_2'), 'enterprise_owner'),
  (tests.id('planner'), 'planner'),
  (tests.id('moderator'), 'moderator');

-- unconfirmed: signed up with an e-mail address, has not opened the mailed link yet.
insert into tests.ids (label, is_anonymous) values ('unconfirmed', false);
insert into auth.users (id, aud, role, email, is_anonymous)
values (tests.id('unconfirmed'), 'authenticated', 'authenticated', 'unconfirmed@example.test', false);

-- Geography.
insert into tests.ids (label) values
  ('north'), ('east'), ('street_alpha'), ('street_beta'),
  ('asset_300'), ('asset_500'), ('enterprise_1'), ('enterprise_2'),
  ('opportunity_1'), ('opportunity_closed'), ('opportunity_2'), ('interest_b'),
  ('need_a'), ('need_b'), ('need_hidden');

insert into public.neighbourhoods (id, code, name, geom) values
  (tests.id('north'), 'T-NORTH', 'Northgate',
   'SRID=4326;MULTIPOLYGON(((-3.06 53.81,-3.04 53.81,-3.04 53.83,-3.06 53.83,-3.06 53.81)))'),
  (tests.id('east'), 'T-EAST', 'Eastfield',
   'SRID=4326;MULTIPOLYGON(((-3.04 53.81,-3.02 53.81,-3.02 53.83,-3.04 53.83,-3.04 53.81)))');

-- No neighbourhood_id given: the trigger assigns it from the street's midpoint.
insert into public.streets (id, name, highway, source, source_id, geom) values
  (tests.id('street_alpha'), 'Alpha Road', 'residential', 'test', 'alpha',
   'SRID=4326;LINESTRING(-3.05 53.82,-3.05 53.821)'),
  (tests.id('street_beta'), 'Beta Street', 'residential', 'test', 'beta',
   'SRID=4326;LINESTRING(-3.03 53.82,-3.03 53.821)');

-- Supply.
insert into public.assets (id, name, categories, address, source, geom) values
  (tests.id('asset_300'), 'Alpha Food Bank', array['food'], '1 Alpha Road', 'test',
   tests.north_of(-3.05, 53.821, 300)),
  (tests.id('asset_500'), 'Far Pantry', array['food', 'older-people'], '99 Far Lane', 'test',
   tests.north_of(-3.05, 53.821, 500));

insert into public.enterprises (id, owner_id, name, social_goal, categories, status, contact, geom) values
  (tests.id('enterprise_1'), tests.id('owner'), 'Beta Bikes & Bites',
   'Cheap meals and bike repairs, run with young people', array['food', 'youth'], 'active',
   'hello@betabikes.example', 'SRID=4326;POINT(-3.0285 53.8205)'),
  (tests.id('enterprise_2'), tests.id('owner_2'), 'Gamma Garden Club',
   'A community garden that shares its harvest', array['green-space', 'food'], 'paused',
   null, 'SRID=4326;POINT(-3.0315 53.8205)');

insert into public.opportunities (id, enterprise_id, title, description, skills, min_age, max_age,
                                  commitment, paid, status) values
  (tests.id('opportunity_1'), tests.id('enterprise_1'), 'Bike mechanic helper',
   'Learn to fix bikes with us on Saturday mornings.', array['repairs'], 14, 18, 'weekly', false, 'open'),
  (tests.id('opportunity_closed'), tests.id('enterprise_1'), 'Summer cook',
   'Help cook the summer lunches.', array['cooking'], 16, 25, 'one-off', false, 'closed'),
  (tests.id('opportunity_2'), tests.id('enterprise_2'), 'Garden volunteer',
   'Grow vegetables with neighbours.', array['gardening'], 16, 99, 'flexible', true, 'open');

-- Needs, through the one write path the API and the demo seed use.
do $$
begin
  perform private.record_need(tests.id('need_a'), tests.id('resident_a'), 'food',
    'Alpha Road needs a food pantry', -3.050123, 53.820456);
  perform private.record_need(tests.id('need_b'), tests.id('resident_b'), 'loneliness',
    'Older neighbours on Alpha Road are lonely', -3.049877, 53.820789);
  perform private.record_need(tests.id('need_hidden'), tests.id('resident_a'), 'safety',
    'Something a moderator hid', -3.050200, 53.820300);
end
$$;
update public.needs set hidden_at = now(), hidden_reason = 'Abusive text.' where id = tests.id('need_hidden');

insert into public.need_supports (need_id, user_id) values (tests.id('need_a'), tests.id('resident_b'));

insert into public.interests (id, opportunity_id, user_id, display_name, reply_via, age) values
  (tests.id('interest_b'), tests.id('opportunity_1'), tests.id('resident_b'), 'Sam', 'in-person', 16);
