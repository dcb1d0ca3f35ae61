// Tests for the DEMO data generator (fictional town of Wenlow Bay): determinism, drift of
// the committed seed.sql, sizes, and the properties the demo relies on (needs near streets,
// visible gaps, plausible outcomes). Distances use an equirectangular projection, which is
// accurate to well under 1 % over a 5 km town.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { generateDemoSql, generateDemoTown, type LonLat } from '../../data/demo/generate.mjs';

// The shared taxonomy, written out here (not imported) so a typo in the generator fails.
const SLUGS = new Set([
  'food', 'housing', 'health', 'mental-health', 'loneliness', 'youth', 'older-people',
  'skills-work', 'money-debt', 'digital', 'transport', 'green-space', 'safety', 'culture',
  'sport', 'childcare', 'disability',
]);
const HIGHWAYS = new Set(['primary', 'secondary', 'tertiary', 'residential', 'unclassified', 'living_street', 'pedestrian']);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const REFERENCE = Date.parse('2026-11-01T00:00:00Z');
const DAY = 86_400_000;

const town = generateDemoTown();

// --- equirectangular geometry -------------------------------------------------------
type XY = { x: number; y: number };
const R = 6_371_008.8;
const RAD = Math.PI / 180;
const LAT0 = 54.1;
const project = ([lon, lat]: LonLat): XY => ({ x: lon * RAD * Math.cos(LAT0 * RAD) * R, y: lat * RAD * R });

function distToSegment(p: XY, a: XY, b: XY): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}

function distToLine(p: XY, line: XY[]): number {
  let best = Infinity;
  for (let i = 1; i < line.length; i++) best = Math.min(best, distToSegment(p, line[i - 1], line[i]));
  return best;
}

function inRing(p: XY, ring: XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

const streetLines = town.streets.map((s) => ({ street: s, line: s.coordinates.map(project) }));
const areaRings = town.neighbourhoods.map((n) => ({ area: n, ring: n.polygon.map(project) }));

function nearestStreet(p: XY) {
  let best = { street: streetLines[0].street, distance: Infinity };
  for (const { street, line } of streetLines) {
    const d = distToLine(p, line);
    if (d < best.distance) best = { street, distance: d };
  }
  return best;
}

// ------------------------------------------------------------------------------------

describe('demo data generator', () => {
  it('is deterministic: two runs give identical SQL and data', () => {
    const first = generateDemoSql();
    const second = generateDemoSql();
    expect(second).toBe(first);
    expect(generateDemoTown()).toEqual(town);
    expect(first.length).toBeGreaterThan(100_000);
  });

  it('matches the committed data/demo/seed.sql (run `npm run demo-data` after changing the generator)', () => {
    const committed = readFileSync(new URL('../../data/demo/seed.sql', import.meta.url), 'utf8');
    expect(committed === generateDemoSql()).toBe(true);
  });

  it('says clearly that it is demo data for a fictional town', () => {
    const sql = generateDemoSql(town);
    expect(sql.split('\n')[0]).toBe('-- DEMO DATA for the fictional town of Wenlow Bay — not real places, people or needs.');
    expect(sql).toMatch(/\nbegin;\n/);
    expect(sql.trimEnd().endsWith('commit;')).toBe(true);
    expect(sql).not.toMatch(/now\(\)|current_timestamp/i);
    expect(town.town.name).toMatch(/demo/i);
    const sources = [town.neighbourhoods, town.streets, town.assets, town.enterprises].flat().map((r) => r.source);
    expect(new Set(sources)).toEqual(new Set(['demo']));
    expect(town.neighbourhoods.every((n) => /^DEMO-N\d\d$/.test(n.code))).toBe(true);
    expect(town.streets.every((s) => /^demo-way-\d+$/.test(s.sourceId))).toBe(true);
    expect(town.assets.every((a) => /^demo-asset-\d+$/.test(a.sourceId) && a.address.endsWith('Wenlow Bay (demo)'))).toBe(true);
    for (const u of town.users) expect(u.email === null || u.email.endsWith('@demo.invalid')).toBe(true);
    for (const w of [...town.assets, ...town.enterprises].map((r) => r.website)) expect(new URL(w).hostname).toMatch(/(^|\.)example\.org$/);
  });

  it('has the planned sizes', () => {
    expect(town.neighbourhoods.length).toBeGreaterThanOrEqual(6);
    expect(town.neighbourhoods.length).toBeLessThanOrEqual(10);
    expect(town.streets.length).toBeGreaterThanOrEqual(400);
    expect(town.streets.length).toBeLessThanOrEqual(700);
    expect(town.assets.length).toBeGreaterThanOrEqual(70);
    expect(town.assets.length).toBeLessThanOrEqual(90);
    expect(town.enterprises.length).toBe(30);
    expect(town.opportunities.length).toBeGreaterThanOrEqual(50);
    expect(town.opportunities.length).toBeLessThanOrEqual(70);
    expect(town.needs.length).toBeGreaterThanOrEqual(350);
    expect(town.needs.length).toBeLessThanOrEqual(450);
    expect(town.users.filter((u) => u.kind === 'resident' && u.isAnonymous && u.email === null).length).toBe(150);
    expect(town.userRoles.length).toBe(10);
  });

  it('uses unique v4 UUIDs', () => {
    const ids = [town.neighbourhoods, town.streets, town.assets, town.users, town.enterprises, town.opportunities, town.needs]
      .flat()
      .map((r) => r.id);
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses only the shared category slugs and OSM highway classes', () => {
    const used = [
      ...town.needs.map((n) => n.category),
      ...town.assets.flatMap((a) => a.categories),
      ...town.enterprises.flatMap((e) => e.categories),
    ];
    for (const c of used) expect(SLUGS.has(c), c).toBe(true);
    for (const s of town.streets) expect(HIGHWAYS.has(s.highway), s.highway).toBe(true);
  });

  it('draws streets as 2–6 point lines with 6-decimal coordinates, in a town about 4 km × 5 km', () => {
    const all = town.streets.flatMap((s) => s.coordinates);
    for (const s of town.streets) {
      expect(s.coordinates.length).toBeGreaterThanOrEqual(2);
      expect(s.coordinates.length).toBeLessThanOrEqual(6);
    }
    for (const [lon, lat] of all) {
      expect(Math.round(lon * 1e6) / 1e6).toBe(lon);
      expect(Math.round(lat * 1e6) / 1e6).toBe(lat);
    }
    const xs = all.map((c) => project(c).x);
    const ys = all.map((c) => project(c).y);
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(4_500);
    expect(Math.max(...ys) - Math.min(...ys)).toBeLessThan(5_500);
    // Street names span several segments.
    const names = new Set(town.streets.map((s) => s.name));
    expect(names.size).toBeLessThan(town.streets.length / 2);
  });

  it('tiles the town with neighbourhoods: every street point lies in exactly one', () => {
    for (const { street, line } of streetLines) {
      for (const p of line) {
        const hits = areaRings.filter(({ ring }) => inRing(p, ring)).length;
        expect(hits, street.sourceId).toBe(1);
      }
    }
  });

  it('puts every need within 60 m of a street segment', () => {
    for (const n of town.needs) {
      expect(nearestStreet(project(n.location)).distance, n.id).toBeLessThan(60);
    }
  });

  it('leaves visible gaps: hotspot streets with many needs and no provider of that category within 400 m', () => {
    const providers = [...town.assets, ...town.enterprises].map((p) => ({ at: project(p.location), categories: p.categories }));
    let gapStreets = 0;
    for (const h of town.hotspots) {
      const needs = town.needs.filter(
        (n) => h.categories.includes(n.category) && nearestStreet(project(n.location)).street.name === h.street,
      );
      expect(needs.length, h.street).toBeGreaterThanOrEqual(10);
      for (const n of needs) {
        const p = project(n.location);
        const near = providers.filter((s) => s.categories.includes(n.category) && Math.hypot(s.at.x - p.x, s.at.y - p.y) <= 400);
        expect(near, `${h.street} ${n.category}`).toEqual([]);
      }
      gapStreets++;
    }
    expect(gapStreets).toBeGreaterThanOrEqual(4);
  });

  it('serves some neighbourhoods well and leaves 1–2 with almost nothing', () => {
    const counts = areaRings.map(({ ring }) => town.assets.filter((a) => inRing(project(a.location), ring)).length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(town.assets.length);
    expect(counts.filter((c) => c <= 2).length).toBeGreaterThanOrEqual(1);
    expect(counts.filter((c) => c <= 2).length).toBeLessThanOrEqual(2);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(10);
  });

  it('gives opportunities age ranges within 14..99, many suited to 14–25 year olds', () => {
    for (const o of town.opportunities) {
      expect(o.minAge).toBeGreaterThanOrEqual(14);
      expect(o.maxAge).toBeLessThanOrEqual(99);
      expect(o.minAge).toBeLessThanOrEqual(o.maxAge);
      expect(['one-off', 'flexible', 'weekly', 'part-time']).toContain(o.commitment);
      expect(['open', 'closed']).toContain(o.status);
    }
    expect(town.opportunities.filter((o) => o.minAge <= 16).length).toBeGreaterThan(town.opportunities.length / 3);
    const enterpriseIds = new Set(town.enterprises.map((e) => e.id));
    expect(town.opportunities.every((o) => enterpriseIds.has(o.enterpriseId))).toBe(true);
  });

  it('writes needs like residents do, over the past 12 months', () => {
    for (const n of town.needs) {
      expect(n.body.length).toBeGreaterThanOrEqual(3);
      expect(n.body.length).toBeLessThanOrEqual(500);
      const t = Date.parse(n.createdAt);
      expect(t).toBeLessThan(REFERENCE);
      expect(t).toBeGreaterThanOrEqual(REFERENCE - 365 * DAY);
    }
    expect(new Set(town.needs.map((n) => n.body)).size).toBeGreaterThan(town.needs.length * 0.6);
  });

  it('moves about a quarter of needs through plausible, chronological outcomes', () => {
    const needs = new Map(town.needs.map((n) => [n.id, n]));
    const owners = new Set(town.userRoles.map((r) => r.userId));
    const byNeed = new Map<string, typeof town.needStatusChanges>();
    for (const c of town.needStatusChanges) byNeed.set(c.needId, [...(byNeed.get(c.needId) ?? []), c]);
    const allowed = ['closed', 'acknowledged', 'acknowledged>adopted', 'acknowledged>adopted>met'];
    for (const [needId, changes] of byNeed) {
      const need = needs.get(needId)!;
      expect(allowed).toContain(changes.map((c) => c.status).join('>'));
      let last = Date.parse(need.createdAt);
      for (const c of changes) {
        const at = Date.parse(c.at);
        expect(at).toBeGreaterThan(last);
        expect(at).toBeLessThan(REFERENCE);
        last = at;
        if (c.status === 'met' || c.status === 'closed') expect(c.actorId).toBe(need.authorId);
        else expect(owners.has(c.actorId)).toBe(true);
      }
    }
    expect(byNeed.size / town.needs.length).toBeGreaterThan(0.18);
    expect(byNeed.size / town.needs.length).toBeLessThan(0.32);
  });

  it('adds "me too" supports to about 30% of needs, never by the author, never twice', () => {
    const needs = new Map(town.needs.map((n) => [n.id, n]));
    const users = new Map(town.users.map((u) => [u.id, u]));
    const seen = new Set<string>();
    const perNeed = new Map<string, number>();
    for (const s of town.needSupports) {
      const need = needs.get(s.needId)!;
      expect(s.userId).not.toBe(need.authorId);
      expect(seen.has(`${s.needId}:${s.userId}`)).toBe(false);
      seen.add(`${s.needId}:${s.userId}`);
      expect(Date.parse(s.createdAt)).toBeGreaterThan(Date.parse(need.createdAt));
      expect(Date.parse(s.createdAt)).toBeGreaterThanOrEqual(Date.parse(users.get(s.userId)!.createdAt));
      perNeed.set(s.needId, (perNeed.get(s.needId) ?? 0) + 1);
    }
    for (const count of perNeed.values()) {
      expect(count).toBeGreaterThanOrEqual(1);
      expect(count).toBeLessThanOrEqual(8);
    }
    expect(perNeed.size / town.needs.length).toBeGreaterThan(0.22);
    expect(perNeed.size / town.needs.length).toBeLessThan(0.38);
  });

  it('creates every user before anything they do', () => {
    const created = new Map(town.users.map((u) => [u.id, Date.parse(u.createdAt)]));
    for (const n of town.needs) expect(created.get(n.authorId)!).toBeLessThanOrEqual(Date.parse(n.createdAt));
    for (const c of town.needStatusChanges) expect(created.get(c.actorId)!).toBeLessThanOrEqual(Date.parse(c.at));
  });

  it('escapes single quotes in SQL text', () => {
    const sql = generateDemoSql(town);
    expect(sql).toContain("'Queen''s Road'");
    // Outside of doubled quotes, every quote must open or close a literal: an even count per line.
    for (const line of sql.split('\n')) {
      if (line.startsWith('--')) continue;
      expect(line.replace(/''/g, '').split("'").length % 2, line.slice(0, 80)).toBe(1);
    }
  });
});
