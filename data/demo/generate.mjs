#!/usr/bin/env node
// DEMO DATA generator for the fictional town of Wenlow Bay — not real places, people or needs.
//
// Builds a plausible English seaside town (streets, neighbourhoods, community assets,
// social micro-enterprises, residents' needs) from a fixed-seed PRNG and renders it as
// `data/demo/seed.sql`. Everything is deterministic: no clock, no Math.random, so running
// it twice gives byte-identical output and the committed seed.sql can be drift-checked.
//
//   npm run demo-data        (= node data/demo/generate.mjs)
//
// Plain Node ESM with no dependencies, so it runs before `npm install` too.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------

export const TOWN_NAME = 'Wenlow Bay';
/** How the town is written inside data fields, so nobody mistakes it for a real place. */
const TOWN_LABEL = `${TOWN_NAME} (demo)`;
const SEED = 'wenlow-bay-demo-v1';

/** Every "now" in the data is relative to this fixed date, never the real clock. */
export const REFERENCE_DATE = '2026-11-01T00:00:00Z';
const NOW = Date.parse(REFERENCE_DATE);
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

export const CATEGORY_SLUGS = [
  'food', 'housing', 'health', 'mental-health', 'loneliness', 'youth', 'older-people',
  'skills-work', 'money-debt', 'digital', 'transport', 'green-space', 'safety', 'culture',
  'sport', 'childcare', 'disability',
];

export const HIGHWAY_CLASSES = [
  'primary', 'secondary', 'tertiary', 'residential', 'unclassified', 'living_street', 'pedestrian',
];

const CENTRE_LON = -3.40;
const CENTRE_LAT = 54.10;
// Spherical metres per degree (the same equirectangular model the tests use).
const EARTH_RADIUS_M = 6371008.8;
const M_PER_DEG_LAT = (EARTH_RADIUS_M * Math.PI) / 180;
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((CENTRE_LAT * Math.PI) / 180);

// Town extent in local metres (x east, y north, origin at the centre point).
const TOWN_SOUTH = -2500;
const TOWN_NORTH = 2500;
/** Streets keep this far inside the town outline so they are always inside a neighbourhood. */
const STREET_MARGIN = 120;
/** The promenade runs this far inland of the waterline. */
const PROM_OFFSET = 45;

/** Supply is checked a little beyond the 400 m catchment, so small differences between
 * this spherical model and PostGIS's ellipsoid cannot close a gap we meant to leave open. */
const GAP_CHECK_M = 450;

// ---------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------

/** FNV-1a: turns a label into a 32-bit seed. */
function hashString(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One independent stream per concern (streets, assets, needs…), so changing how needs are
 * drawn does not reshuffle the street map.
 */
function makeRng(label) {
  const next = mulberry32(hashString(`${SEED}:${label}`));
  const rng = {
    next,
    float: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted(items, weightOf) {
      const total = items.reduce((sum, item) => sum + weightOf(item), 0);
      let r = next() * total;
      for (const item of items) {
        r -= weightOf(item);
        if (r < 0) return item;
      }
      return items[items.length - 1];
    },
    shuffle(items) {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
  return rng;
}

/** Version-4-shaped UUIDs drawn from their own stream per table. */
function makeUuidSource(label) {
  const next = mulberry32(hashString(`${SEED}:uuid:${label}`));
  return function uuid() {
    const bytes = Array.from({ length: 16 }, () => Math.floor(next() * 256));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

// ---------------------------------------------------------------------------
// Geometry in local metres
// ---------------------------------------------------------------------------

const round6 = (v) => Math.round(v * 1e6) / 1e6;

function toLonLat(p) {
  return [round6(CENTRE_LON + p.x / M_PER_DEG_LON), round6(CENTRE_LAT + p.y / M_PER_DEG_LAT)];
}

function toLocal([lon, lat]) {
  return { x: (lon - CENTRE_LON) * M_PER_DEG_LON, y: (lat - CENTRE_LAT) * M_PER_DEG_LAT };
}

/** Round through lon/lat so every later distance check sees exactly what the SQL holds. */
function snapToOutput(p) {
  return toLocal(toLonLat(p));
}

const lerp = (a, b, t) => a + (b - a) * t;
const dist = (p, q) => Math.hypot(p.x - q.x, p.y - q.y);

function distToSegment(p, a, b) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

function distToPolyline(p, pts) {
  let best = Infinity;
  for (let i = 1; i < pts.length; i++) best = Math.min(best, distToSegment(p, pts[i - 1], pts[i]));
  return best;
}

function polylineLength(pts) {
  let total = 0;
  for (let i = 1; i < pts.length; i++) total += dist(pts[i - 1], pts[i]);
  return total;
}

/** Point at fraction t of a polyline's length, with the unit direction there. */
function pointAlong(pts, t) {
  let remaining = polylineLength(pts) * t;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const b = pts[i];
    const len = dist(a, b);
    if (remaining <= len || i === pts.length - 1) {
      const f = len === 0 ? 0 : Math.min(1, remaining / len);
      return {
        point: { x: lerp(a.x, b.x, f), y: lerp(a.y, b.y, f) },
        dir: { x: (b.x - a.x) / len, y: (b.y - a.y) / len },
      };
    }
    remaining -= len;
  }
  throw new Error('empty polyline');
}

/** Ray casting; rings here never have points exactly on a street vertex. */
function pointInRing(p, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) {
      inside = !inside;
    }
  }
  return inside;
}

// The sea is to the west. The waterline bows inland in the middle: that is the bay.
function coastX(y) {
  return -2000 + 300 * Math.cos((y / (TOWN_NORTH - TOWN_SOUTH)) * Math.PI) + 25 * Math.sin(y / 230);
}

// The landward edge of the built-up area, where fields begin.
function eastX(y) {
  return 2000 + 120 * Math.sin(y / 900 + 0.5);
}

// ---------------------------------------------------------------------------
// Neighbourhoods: a 3 × 3 lattice with jittered, shared edges, so the cells tile the town
// exactly (no gaps, no overlaps) and follow the coastline on the sea side.
// ---------------------------------------------------------------------------

const NEIGHBOURHOODS = [
  // col/row of the 3 × 3 lattice (row 0 = south). `assets` and `enterprises` set how well
  // served each area is; `needWeight` how many of the scattered needs land there.
  { col: 0, row: 2, name: 'North Shore', assets: 11, enterprises: 4, needWeight: 1 },
  { col: 1, row: 2, name: 'Highfield', assets: 9, enterprises: 4, needWeight: 1.5 },
  { col: 2, row: 2, name: 'Ashby Moss', assets: 1, enterprises: 1, needWeight: 3 },
  { col: 0, row: 1, name: 'Old Town', assets: 19, enterprises: 5, needWeight: 1 },
  { col: 1, row: 1, name: 'Station Quarter', assets: 12, enterprises: 5, needWeight: 1 },
  { col: 2, row: 1, name: 'Marton Fields', assets: 8, enterprises: 3, needWeight: 2 },
  { col: 0, row: 0, name: 'South Shore', assets: 10, enterprises: 4, needWeight: 1.5 },
  { col: 1, row: 0, name: 'Brierley Park', assets: 8, enterprises: 3, needWeight: 2 },
  { col: 2, row: 0, name: 'Grange Estate', assets: 2, enterprises: 1, needWeight: 3 },
];

const AREA_COLS = [0, 0.36, 0.68, 1]; // fractions of the coast-to-fields width
const AREA_ROWS = [0, 0.34, 0.67, 1]; // fractions of the south-to-north height

function buildNeighbourhoods(rng, uuid) {
  const last = AREA_COLS.length - 1;
  // Lattice corners. Only interior corners move; outer ones stay on the town outline.
  const corner = [];
  for (let i = 0; i <= last; i++) {
    corner[i] = [];
    for (let j = 0; j <= last; j++) {
      const v = AREA_ROWS[j] + (j > 0 && j < last ? rng.float(-0.03, 0.03) : 0);
      const y = lerp(TOWN_SOUTH, TOWN_NORTH, v);
      const u = AREA_COLS[i] + (i > 0 && i < last ? rng.float(-0.04, 0.04) : 0);
      corner[i][j] = { x: lerp(coastX(y), eastX(y), u), y };
    }
  }

  // Each lattice edge is drawn once and shared by both cells beside it.
  const edges = new Map();
  function edge(i1, j1, i2, j2) {
    const key = `${i1}:${j1}:${i2}:${j2}`;
    if (!edges.has(key)) {
      const a = corner[i1][j1];
      const b = corner[i2][j2];
      let pts;
      if (i1 === i2 && (i1 === 0 || i1 === last)) {
        // Sea or field boundary: follow the curve closely (every ~50 m).
        const follow = i1 === 0 ? coastX : eastX;
        const steps = Math.ceil(Math.abs(b.y - a.y) / 50);
        pts = [a];
        for (let k = 1; k < steps; k++) {
          const y = lerp(a.y, b.y, k / steps);
          pts.push({ x: follow(y), y });
        }
        pts.push(b);
      } else if (j1 === j2 && (j1 === 0 || j1 === last)) {
        pts = [a, b]; // straight southern / northern town limit
      } else {
        // Interior boundary: a gently wandering line, like a ward boundary along back lanes.
        const len = dist(a, b);
        const nx = -(b.y - a.y) / len;
        const ny = (b.x - a.x) / len;
        pts = [a];
        for (let k = 1; k <= 3; k++) {
          const off = rng.float(-25, 25);
          pts.push({ x: lerp(a.x, b.x, k / 4) + nx * off, y: lerp(a.y, b.y, k / 4) + ny * off });
        }
        pts.push(b);
      }
      edges.set(key, pts);
    }
    return edges.get(key);
  }

  // Draw edges in a fixed order so the PRNG sequence never depends on cell order.
  for (let j = 0; j <= last; j++) for (let i = 0; i < last; i++) edge(i, j, i + 1, j);
  for (let i = 0; i <= last; i++) for (let j = 0; j < last; j++) edge(i, j, i, j + 1);

  return NEIGHBOURHOODS.map((spec, index) => {
    const { col: i, row: j } = spec;
    // Counter-clockwise: south edge, east edge, north edge backwards, west edge backwards.
    const parts = [
      edge(i, j, i + 1, j),
      edge(i + 1, j, i + 1, j + 1),
      [...edge(i, j + 1, i + 1, j + 1)].reverse(),
      [...edge(i, j, i, j + 1)].reverse(),
    ];
    const ring = [];
    for (const part of parts) ring.push(...(ring.length ? part.slice(1) : part));
    // ring now ends at its first corner again, i.e. it is closed.
    const coordinates = ring.map(toLonLat);
    return {
      ...spec,
      id: uuid(),
      code: `DEMO-N${String(index + 1).padStart(2, '0')}`,
      coordinates,
      ring: coordinates.map(toLocal),
    };
  });
}

function neighbourhoodAt(p, neighbourhoods) {
  return neighbourhoods.find((n) => pointInRing(p, n.ring)) ?? null;
}

// ---------------------------------------------------------------------------
// Street names
// ---------------------------------------------------------------------------

const PLAIN_BASES = [
  'Albert', 'Alexandra', 'Arundel', 'Balmoral', 'Beaconsfield', 'Belvedere', 'Bond', 'Borrowdale',
  'Brunel', 'Buttermere', 'Byron', 'Carlton', 'Cavendish', 'Caxton', 'Cecil', 'Chaucer', 'Clarence',
  'Clifton', 'Cobden', 'Coniston', 'Coronation', 'Cromwell', 'Derby', 'Derwent', 'Devonshire',
  'Dickens', 'Dunlin', 'Durham', 'Edward', 'Elgin', 'Empress', 'Ennerdale', 'Eskdale', 'Exchange',
  'Faraday', 'Gladstone', 'Gordon', 'Grafton', 'Granville', 'Grasmere', 'Harcourt', 'Havelock',
  'Heron', 'Hornby', 'Jubilee', 'Kenilworth', 'Kestrel', 'Keswick', 'Kingfisher', 'Langdale',
  'Lansdowne', 'Linnet', 'Lonsdale', 'Marlborough', 'Milton', 'Montague', 'Mowbray', 'Nelson',
  'Neville', 'Newton', 'Osborne', 'Palatine', 'Peel', 'Percy', 'Plover', 'Princess', 'Raikes',
  'Redshank', 'Regent', 'Rigby', 'Ruskin', 'Rydal', 'Salisbury', 'Samphire', 'Sandpiper', 'Sefton',
  'Shelley', 'Stephenson', 'Swallow', 'Telford', 'Tennyson', 'Tern', 'Thrift', 'Trafalgar',
  'Ullswater', 'Victoria', 'Warbreck', 'Wasdale', 'Waterloo', 'Wellington', 'Windermere', 'Windsor',
  'Wordsworth', 'Wren', 'York', 'Curlew', 'Seaview', 'Marine', 'Harbour', 'Anchor', 'Beacon',
  'Lighthouse', 'Sandhills', 'Lifeboat', 'Saltcote', 'Chapel', 'Vicarage', 'Rectory', 'Mill',
  'Foundry', 'Tannery', 'Ropewalk', 'Pinfold', 'Orchard', 'Primrose', 'Bluebell', 'Laburnum',
];
const BASE_PREFIXES = [
  'Ash', 'Beech', 'Birch', 'Elm', 'Oak', 'Holly', 'Thorn', 'Hazel', 'Rowan', 'Alder', 'Willow',
  'Maple', 'Lark', 'Fern', 'Heath', 'Moor', 'Brook', 'Kirk', 'Broad', 'Long', 'Green', 'Red',
  'Whit', 'Marl', 'Fair', 'Sand', 'Sea', 'Bay',
];
const BASE_SUFFIXES = [
  'field', 'wood', 'croft', 'dale', 'gate', 'side', 'lea', 'hill', 'mount', 'bank', 'holme', 'ley',
  'thorpe', 'well', 'worth', 'ford', 'hurst',
];

/** Names of the through-routes; reserved up front so no side street reuses them. */
const ROUTE_NAMES = {
  southProm: 'South Promenade',
  centralProm: 'Central Promenade',
  northProm: 'North Promenade',
  market: 'Market Street',
  church: 'Church Street',
  ellerbeck: 'Ellerbeck Road',
  thornbury: 'Thornbury Road',
  lowther: 'Lowther Road',
  garsdale: 'Garsdale Road',
  queens: "Queen's Road",
  stMarys: "St Mary's Road",
};

const SUFFIXES_BY_CLASS = {
  residential: ['Street', 'Street', 'Road', 'Road', 'Avenue', 'Avenue', 'Grove', 'Terrace', 'Drive', 'Crescent', 'Place', 'Gardens'],
  tertiary: ['Road', 'Road', 'Avenue', 'Street', 'Lane'],
  unclassified: ['Lane', 'Lane', 'Lane', 'Road'],
  pedestrian: ['Street', 'Walk', 'Square', 'Row'],
  culDeSac: ['Close', 'Close', 'Court', 'Mews', 'Gardens', 'Fold', 'Way'],
};

/** Hands out unique street names: each base (e.g. "Heron") is used once in the town. */
function makeNamer(rng) {
  const compounds = [];
  for (const p of BASE_PREFIXES) for (const s of BASE_SUFFIXES) compounds.push(p + s);
  const reservedBases = new Set(
    Object.values(ROUTE_NAMES).map((name) => name.split(' ').slice(0, -1).join(' ')),
  );
  const pool = rng.shuffle([...new Set([...PLAIN_BASES, ...compounds])]).filter((b) => !reservedBases.has(b));
  let cursor = 0;
  const baseOf = new Map(Object.values(ROUTE_NAMES).map((name) => [name, name.split(' ').slice(0, -1).join(' ')]));
  return {
    next(kind) {
      if (cursor >= pool.length) throw new Error('street name pool exhausted');
      const base = pool[cursor++];
      const name = `${base} ${rng.pick(SUFFIXES_BY_CLASS[kind])}`;
      baseOf.set(name, base);
      return name;
    },
    /** "Heron Close" -> "Heron", for naming buildings after their street. */
    baseOf: (name) => baseOf.get(name) ?? name,
  };
}

// ---------------------------------------------------------------------------
// Street network: a warped lattice of junctions (denser by the sea, sparser towards the
// fields), a promenade along the coast, six roads radiating from the town-centre junction,
// and culs-de-sac poking into blocks. Segments run junction to junction.
// ---------------------------------------------------------------------------

const GRID_COLS = 14; // junction columns; column 0 is the promenade
const GRID_ROWS = 18;
const HUB = [3, 9]; // town-centre junction
const FRINGE_COL = 12; // from here east the roads are country lanes

function buildJunctions(rng) {
  const rowSpacing = (TOWN_NORTH - TOWN_SOUTH - 2 * STREET_MARGIN) / (GRID_ROWS - 1);
  const nodes = [];
  for (let a = 0; a < GRID_COLS; a++) {
    nodes[a] = [];
    for (let b = 0; b < GRID_ROWS; b++) {
      let y = TOWN_SOUTH + STREET_MARGIN + b * rowSpacing;
      if (b > 0 && b < GRID_ROWS - 1) y += rng.float(-0.15, 0.15) * rowSpacing;
      const left = coastX(y) + PROM_OFFSET;
      if (a === 0) {
        nodes[a][b] = { x: left, y };
        continue;
      }
      const right = eastX(y) - STREET_MARGIN;
      const u = a / (GRID_COLS - 1);
      // Quadratic stretch: Victorian blocks are tight near the sea, newer ones larger inland.
      let x = left + (right - left) * (0.75 * u + 0.25 * u * u);
      if (a < GRID_COLS - 1) {
        x += 35 * Math.sin(y / 520 + a * 0.9); // slow sway so long streets curve
        x += rng.float(-0.12, 0.12) * ((right - left) / (GRID_COLS - 1));
      }
      nodes[a][b] = { x, y };
    }
  }
  return nodes;
}

function edgeKey([a1, b1], [a2, b2]) {
  if (b1 === b2 && Math.abs(a1 - a2) === 1) return `H:${Math.min(a1, a2)}:${b1}`;
  if (a1 === a2 && Math.abs(b1 - b2) === 1) return `V:${a1}:${Math.min(b1, b2)}`;
  const [p, q] = a1 < a2 ? [[a1, b1], [a2, b2]] : [[a2, b2], [a1, b1]];
  return `D:${p[0]}:${p[1]}:${q[0]}:${q[1]}`;
}

/** A path of junctions [[a,b], ...] starting at `from` and taking `steps` of (da, db). */
function walk(from, da, db, steps) {
  const path = [from];
  for (let k = 1; k <= steps; k++) path.push([from[0] + da * k, from[1] + db * k]);
  return path;
}

/** Through-routes: fixed names and classes over runs of junctions. */
function routePlan() {
  const [ha, hb] = HUB;
  return [
    { name: ROUTE_NAMES.southProm, highway: 'secondary', path: walk([0, 0], 0, 1, 6), coast: true },
    { name: ROUTE_NAMES.centralProm, highway: 'primary', path: walk([0, 6], 0, 1, 6), coast: true },
    { name: ROUTE_NAMES.northProm, highway: 'secondary', path: walk([0, 12], 0, 1, GRID_ROWS - 13), coast: true },
    // Pedestrianised high street from the seafront up to the centre.
    { name: ROUTE_NAMES.market, highway: 'pedestrian', path: walk([0, hb], 1, 0, ha) },
    { name: ROUTE_NAMES.church, highway: 'primary', path: walk(HUB, 1, 0, 3) },
    { name: ROUTE_NAMES.ellerbeck, highway: 'primary', path: walk([ha + 3, hb], 1, 0, GRID_COLS - 1 - ha - 3) },
    { name: ROUTE_NAMES.thornbury, highway: 'primary', path: walk(HUB, 1, 1, GRID_ROWS - 1 - hb) },
    { name: ROUTE_NAMES.lowther, highway: 'primary', path: walk(HUB, 1, -1, 3) },
    { name: ROUTE_NAMES.garsdale, highway: 'primary', path: walk([ha + 3, hb - 3], 1, -1, hb - 3) },
    { name: ROUTE_NAMES.queens, highway: 'secondary', path: walk(HUB, 0, 1, GRID_ROWS - 1 - hb) },
    { name: ROUTE_NAMES.stMarys, highway: 'secondary', path: walk(HUB, 0, -1, hb) },
  ];
}

const TERTIARY_ROWS = [4, 14];
const TERTIARY_COLS = [7, 10];

/** Default class of a lattice edge before routes override it. */
function latticeClass(kind, a, b) {
  const [ha, hb] = HUB;
  const inCentre = (col, row) => col >= 0 && col <= ha && row >= hb - 1 && row <= hb + 1;
  if (kind === 'H' && TERTIARY_ROWS.includes(b)) return 'tertiary';
  if (kind === 'V' && TERTIARY_COLS.includes(a)) return 'tertiary';
  if (kind === 'H' ? inCentre(a, b) && inCentre(a + 1, b) : inCentre(a, b) && inCentre(a, b + 1)) {
    return 'pedestrian'; // the shopping streets around the high street
  }
  if (a >= FRINGE_COL) return 'unclassified';
  return 'residential';
}

function buildStreets(neighbourhoods) {
  const layoutRng = makeRng('street-layout');
  const shapeRng = makeRng('street-shapes');
  const namer = makeNamer(makeRng('street-names'));
  const uuid = makeUuidSource('streets');
  const nodes = buildJunctions(layoutRng);

  // 1. Lattice edges with their default class.
  const edges = new Map();
  for (let b = 0; b < GRID_ROWS; b++) {
    for (let a = 0; a < GRID_COLS - 1; a++) {
      edges.set(`H:${a}:${b}`, { kind: 'H', a, b, ends: [[a, b], [a + 1, b]], highway: latticeClass('H', a, b) });
    }
  }
  for (let a = 0; a < GRID_COLS; a++) {
    for (let b = 0; b < GRID_ROWS - 1; b++) {
      edges.set(`V:${a}:${b}`, { kind: 'V', a, b, ends: [[a, b], [a, b + 1]], highway: latticeClass('V', a, b) });
    }
  }

  // 2. Through-routes take over their edges (and add the diagonal ones).
  const diagonalCells = new Set();
  for (const route of routePlan()) {
    for (let k = 1; k < route.path.length; k++) {
      const ends = [route.path[k - 1], route.path[k]];
      const key = edgeKey(...ends);
      if (key.startsWith('D:')) {
        const cellA = Math.min(ends[0][0], ends[1][0]);
        const cellB = Math.min(ends[0][1], ends[1][1]);
        diagonalCells.add(`${cellA}:${cellB}`);
        edges.set(key, { kind: 'D', ends });
      }
      Object.assign(edges.get(key), { highway: route.highway, name: route.name, coast: route.coast ?? false });
    }
  }

  // 3. Knock out some minor links so the grid reads as a town, not graph paper.
  for (const e of edges.values()) {
    if (e.name) continue;
    if (e.highway === 'residential' && layoutRng.chance(0.1)) e.removed = true;
    if (e.highway === 'unclassified' && layoutRng.chance(0.3)) e.removed = true;
  }

  // 4. Name the remaining lattice streets: along each row / column, consecutive edges of
  //    the same class form a street; long ones are split so each name spans 1–7 segments.
  const runLength = { residential: [2, 5], tertiary: [3, 7], unclassified: [2, 5], pedestrian: [1, 3] };
  const lines = [];
  for (let b = 0; b < GRID_ROWS; b++) lines.push(Array.from({ length: GRID_COLS - 1 }, (_, a) => edges.get(`H:${a}:${b}`)));
  for (let a = 0; a < GRID_COLS; a++) lines.push(Array.from({ length: GRID_ROWS - 1 }, (_, b) => edges.get(`V:${a}:${b}`)));
  for (const line of lines) {
    let run = [];
    const flush = () => {
      while (run.length) {
        const [min, max] = runLength[run[0].highway];
        const chunk = run.splice(0, layoutRng.int(min, max));
        const name = namer.next(chunk[0].highway);
        for (const e of chunk) e.name = name;
      }
    };
    for (const e of line) {
      if (e.removed || e.name) {
        flush();
        continue;
      }
      if (run.length && run[0].highway !== e.highway) flush();
      run.push(e);
    }
    flush();
  }

  // 5. Culs-de-sac: short dead ends from a junction into the middle of a block.
  const degree = new Map();
  for (const e of edges.values()) {
    if (e.removed) continue;
    for (const [a, b] of e.ends) degree.set(`${a}:${b}`, (degree.get(`${a}:${b}`) ?? 0) + 1);
  }
  const culsDeSac = [];
  for (let b = 0; b < GRID_ROWS - 1; b++) {
    for (let a = 0; a < GRID_COLS - 1; a++) {
      const isCentre = a < HUB[0] && b >= HUB[1] - 1 && b < HUB[1] + 1;
      if (diagonalCells.has(`${a}:${b}`) || isCentre) continue;
      if (!layoutRng.chance(a >= FRINGE_COL - 1 ? 0.15 : 0.33)) continue;
      const corners = [[a, b], [a + 1, b], [a + 1, b + 1], [a, b + 1]];
      const usable = corners.filter(([ca, cb]) => (degree.get(`${ca}:${cb}`) ?? 0) > 0);
      if (!usable.length) continue;
      const start = layoutRng.pick(usable);
      const centre = {
        x: corners.reduce((s, [ca, cb]) => s + nodes[ca][cb].x, 0) / 4,
        y: corners.reduce((s, [ca, cb]) => s + nodes[ca][cb].y, 0) / 4,
      };
      const from = nodes[start[0]][start[1]];
      // Stop well short of the block centre so it never meets another street.
      const f = layoutRng.float(0.45, 0.7);
      const to = { x: lerp(from.x, centre.x, f), y: lerp(from.y, centre.y, f) };
      const name = namer.next('culDeSac');
      const quiet = /Mews|Court/.test(name) && layoutRng.chance(0.6);
      culsDeSac.push({ from, to, name, highway: quiet ? 'living_street' : 'residential' });
    }
  }

  // 6. Geometry: 2–6 points per segment, with a gentle bow so streets are not ruler-straight.
  const segments = [];
  const addSegment = (name, highway, pts) => {
    const coordinates = pts.map(toLonLat);
    segments.push({
      id: uuid(),
      name,
      highway,
      sourceId: `demo-way-${segments.length + 1}`,
      coordinates,
      pts: coordinates.map(toLocal),
    });
  };
  for (const e of edges.values()) {
    if (e.removed) continue;
    const from = nodes[e.ends[0][0]][e.ends[0][1]];
    const to = nodes[e.ends[1][0]][e.ends[1][1]];
    addSegment(e.name, e.highway, e.coast ? coastPoints(shapeRng, from, to) : bowedPoints(shapeRng, from, to, e.highway));
  }
  for (const c of culsDeSac) {
    const pts = bowedPoints(shapeRng, c.from, c.to, c.highway);
    addSegment(c.name, c.highway, pts.slice(0, 4)); // a cul-de-sac is short: at most 4 points
  }

  // Remember which area each segment lies in (by its midpoint) for placing things later.
  for (const s of segments) {
    s.mid = pointAlong(s.pts, 0.5).point;
    s.area = neighbourhoodAt(s.mid, neighbourhoods);
  }
  return { segments, nodes, namer };
}

/** Promenade segments trace the coast curve. */
function coastPoints(rng, from, to) {
  const n = rng.int(4, 6);
  const pts = [from];
  for (let k = 1; k < n - 1; k++) {
    const y = lerp(from.y, to.y, k / (n - 1));
    pts.push({ x: coastX(y) + PROM_OFFSET, y });
  }
  pts.push(to);
  return pts;
}

/** A segment bowed sideways by a few per cent of its length; main roads stay straighter. */
function bowedPoints(rng, from, to, highway) {
  const major = highway === 'primary' || highway === 'secondary';
  const n = major ? rng.int(2, 4) : rng.int(2, 6);
  const len = dist(from, to);
  const nx = -(to.y - from.y) / len;
  const ny = (to.x - from.x) / len;
  const bow = rng.float(-1, 1) * (major ? 0.025 : 0.06) * len;
  const pts = [from];
  for (let k = 1; k < n - 1; k++) {
    const t = k / (n - 1);
    const off = bow * Math.sin(Math.PI * t);
    pts.push({ x: lerp(from.x, to.x, t) + nx * off, y: lerp(from.y, to.y, t) + ny * off });
  }
  pts.push(to); // exact end point, shared with the next segment
  return pts;
}

function nearestSegment(p, segments) {
  let best = null;
  let bestDist = Infinity;
  for (const s of segments) {
    const d = distToPolyline(p, s.pts);
    if (d < bestDist) {
      best = s;
      bestDist = d;
    }
  }
  return { segment: best, distance: bestDist };
}

/** A point beside a street: some way along it, a few metres to one side (a house or a door). */
function pointBeside(rng, segment, [tMin, tMax], [offMin, offMax]) {
  const { point, dir } = pointAlong(segment.pts, rng.float(tMin, tMax));
  const off = rng.float(offMin, offMax) * (rng.chance(0.5) ? 1 : -1);
  return snapToOutput({ x: point.x - dir.y * off, y: point.y + dir.x * off });
}

// ---------------------------------------------------------------------------
// Contact details: Ofcom's drama range (01632 960xxx) and example.org only.
// ---------------------------------------------------------------------------

function slugify(text) {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '') // café -> cafe
    .toLowerCase()
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function makePhoneBook(rng) {
  const numbers = rng.shuffle(Array.from({ length: 1000 }, (_, i) => i));
  let cursor = 0;
  return () => `01632 960${String(numbers[cursor++]).padStart(3, '0')}`;
}

// ---------------------------------------------------------------------------
// Community assets
// ---------------------------------------------------------------------------

const SAINTS = ['Andrew', 'Anne', 'Barnabas', 'Chad', 'Cuthbert', 'Hilda', 'John', 'Luke', 'Mark', 'Martin', 'Michael', 'Oswald', 'Paul', 'Peter', 'Stephen', 'Thomas'];

/** Kinds of asset: how many the town has, what they serve, names and opening hours. */
const ASSET_KINDS = {
  library: {
    count: 5, categories: ['culture', 'digital', 'skills-work'],
    names: [({ area }) => `${area} Library`, ({ base }) => `${base} Library`],
    hours: ['Mo-Fr 09:00-17:00; Sa 10:00-13:00', 'Mo,We,Fr 09:30-17:00; Tu,Th 13:00-19:00; Sa 10:00-12:30'],
  },
  'community-centre': {
    count: 8, categories: ['loneliness', 'older-people', 'culture'],
    names: [({ area }) => `${area} Community Centre`, ({ base }) => `${base} Community Centre`, ({ base }) => `The ${base} Centre`],
    hours: ['Mo-Fr 09:00-21:00; Sa 10:00-16:00', 'Mo-Sa 09:00-17:00'],
  },
  'food-bank': {
    count: 4, categories: ['food', 'money-debt'],
    names: [({ area }) => `${area} Food Bank`, ({ base }) => `${base} Community Pantry`, ({ area }) => `${area} Food Share`],
    hours: ['Tu,Th 10:00-13:00', 'Mo,We 12:00-15:00; Fr 17:00-19:00', 'Sa 10:00-12:00'],
  },
  surgery: {
    count: 7, categories: ['health'],
    names: [({ base }) => `${base} Surgery`, ({ base }) => `${base} Medical Centre`, ({ area }) => `${area} Health Centre`],
    hours: ['Mo-Fr 08:00-18:30; PH off', 'Mo-Fr 08:00-18:00; Sa 09:00-12:00; PH off'],
  },
  pharmacy: {
    count: 8, categories: ['health'],
    names: [({ base }) => `${base} Pharmacy`, ({ area }) => `${area} Pharmacy`, ({ base }) => `${base} Chemist`],
    hours: ['Mo-Sa 09:00-18:00', 'Mo-Fr 08:30-19:00; Sa 09:00-17:00; Su 10:00-16:00'],
  },
  'youth-club': {
    count: 5, categories: ['youth', 'sport'],
    names: [({ area }) => `${area} Youth Club`, ({ base }) => `${base} Youth Centre`, ({ base }) => `The Den at ${base}`],
    hours: ['Mo,We,Fr 17:00-21:00', 'Tu,Th 16:00-20:00; Sa 12:00-16:00'],
  },
  park: {
    count: 8, categories: ['green-space', 'sport'],
    names: [({ base }) => `${base} Park`, ({ area }) => `${area} Recreation Ground`, ({ base }) => `${base} Playing Fields`],
    hours: ['24/7', 'sunrise-sunset'],
  },
  'church-hall': {
    count: 7, categories: ['loneliness', 'older-people'],
    names: [({ saint }) => `St ${saint}'s Church Hall`, ({ base }) => `${base} Methodist Hall`, ({ base }) => `${base} Baptist Church Hall`],
    hours: ['We 10:00-12:00; Su 09:00-13:00', 'Tu,Fr 10:00-14:00'],
  },
  'advice-centre': {
    count: 4, categories: ['money-debt', 'housing'],
    names: [({ area }) => `${area} Advice Centre`, ({ base }) => `${base} Advice Shop`],
    hours: ['Mo-Th 09:30-16:00', 'Mo,We,Fr 10:00-15:00'],
  },
  'wellbeing-hub': {
    count: 3, categories: ['mental-health', 'loneliness'],
    names: [({ base }) => `${base} Wellbeing Hub`, ({ area }) => `${area} Safe Haven Drop-in`],
    hours: ['Mo-Fr 11:00-19:00', 'Th 18:00-21:00; Sa 11:00-15:00'],
  },
  'job-club': {
    count: 3, categories: ['skills-work', 'digital'],
    names: [({ area }) => `${area} Job Club`, ({ base }) => `${base} Work Club`],
    hours: ['Tu,Th 09:30-12:30', 'We 13:00-16:00'],
  },
  'family-hub': {
    count: 4, categories: ['childcare', 'health'],
    names: [({ area }) => `${area} Family Hub`, ({ base }) => `${base} Children's Centre`],
    hours: ['Mo-Fr 08:30-17:00'],
  },
  'leisure-centre': {
    count: 2, categories: ['sport', 'health'],
    names: [({ area }) => `${area} Leisure Centre`, ({ base }) => `${base} Swimming Baths`],
    hours: ['Mo-Fr 06:30-22:00; Sa,Su 08:00-18:00'],
  },
  'disability-centre': {
    count: 2, categories: ['disability'],
    names: [({ area }) => `${area} Disability Resource Centre`, ({ base }) => `${base} Access Hub`],
    hours: ['Mo-Fr 10:00-16:00'],
  },
  'warm-space': {
    count: 4, categories: ['loneliness', 'older-people', 'food'],
    names: [({ base }) => `${base} Warm Space Café`, ({ area }) => `${area} Warm Hub`],
    hours: ['Mo-Fr 10:00-16:00', 'Mo,We,Fr 12:00-19:00'],
  },
  'community-garden': {
    count: 3, categories: ['green-space', 'food'],
    names: [({ base }) => `${base} Community Garden`, ({ area }) => `${area} Allotments`],
    hours: ['We 14:00-17:00; Sa 10:00-13:00', 'sunrise-sunset'],
  },
  'credit-union': {
    count: 1, categories: ['money-debt'],
    names: [() => `${TOWN_NAME} Credit Union`],
    hours: ['Mo-Fr 09:30-16:30'],
  },
  'community-transport': {
    count: 1, categories: ['transport', 'older-people', 'disability'],
    names: [() => 'Bay Community Transport'],
    hours: ['Mo-Fr 08:00-18:00'],
  },
  'safety-hub': {
    count: 1, categories: ['safety'],
    names: [({ area }) => `${area} Community Safety Hub`],
    hours: ['Mo-Fr 09:00-17:00; Sa 10:00-14:00'],
  },
};

/** What the two poorly served areas do have. */
const DEPRIVED_AREA_ASSETS = { 'Grange Estate': ['pharmacy', 'church-hall'], 'Ashby Moss': ['park'] };

function buildAssets(neighbourhoods, streets, nodes, namer, phone) {
  const rng = makeRng('assets');
  const uuid = makeUuidSource('assets');

  // Deal the deck of asset kinds: deprived areas get their fixed few, the rest at random.
  const deck = [];
  for (const [kind, spec] of Object.entries(ASSET_KINDS)) for (let i = 0; i < spec.count; i++) deck.push(kind);
  for (const kinds of Object.values(DEPRIVED_AREA_ASSETS)) for (const kind of kinds) deck.splice(deck.indexOf(kind), 1);
  const shuffled = rng.shuffle(deck);

  const assets = [];
  const usedNames = new Set();
  for (const area of neighbourhoods) {
    const kinds = DEPRIVED_AREA_ASSETS[area.name] ?? shuffled.splice(0, area.assets);
    const hub = areaHub(area, nodes);
    const local = streets.filter((s) => s.area === area);
    for (const kind of kinds) {
      // Services cluster around each area's centre, the way high streets do.
      let where;
      let segment;
      do {
        segment = rng.weighted(local, (s) => Math.exp(-dist(s.mid, hub) / 400));
        where = pointBeside(rng, segment, [0.2, 0.8], [12, 28]);
      } while (neighbourhoodAt(where, neighbourhoods) !== area);
      const spec = ASSET_KINDS[kind];
      const ctx = { area: area.name, base: namer.baseOf(segment.name), saint: rng.pick(SAINTS) };
      let name = rng.pick(spec.names)(ctx);
      for (const template of spec.names) if (usedNames.has(name)) name = template(ctx);
      if (usedNames.has(name)) name = `${ctx.base} ${spec.names[0](ctx)}`;
      usedNames.add(name);
      const slug = slugify(name);
      assets.push({
        id: uuid(),
        name,
        kind,
        categories: [...spec.categories],
        address: `${rng.int(1, 180)} ${segment.name}, ${TOWN_LABEL}`,
        openingHours: rng.pick(spec.hours),
        contact: kind === 'park' ? phone() : `${phone()}, ${slug}@example.org`,
        website: `https://example.org/demo/${slug}`,
        source: 'demo',
        sourceId: `demo-asset-${assets.length + 1}`,
        verified: rng.chance(0.7),
        area,
        pt: where,
        location: toLonLat(where),
      });
    }
  }
  return assets;
}

/** Old Town centres on the town-centre junction; elsewhere the junction nearest the middle. */
function areaHub(area, nodes) {
  if (area.name === 'Old Town') return nodes[HUB[0]][HUB[1]];
  const c = {
    x: area.ring.reduce((s, p) => s + p.x, 0) / area.ring.length,
    y: area.ring.reduce((s, p) => s + p.y, 0) / area.ring.length,
  };
  let best = null;
  for (const column of nodes) for (const n of column) if (!best || dist(n, c) < dist(best, c)) best = n;
  return best;
}

// ---------------------------------------------------------------------------
// Social micro-enterprises, their owners and the opportunities they offer
// ---------------------------------------------------------------------------

const ENTERPRISES = [
  ['Bay Bites Community Kitchen', 'Cooks low-cost hot meals from surplus food and gets neighbours round one table.', ['food', 'loneliness'], 'active'],
  ['Second Spin Bike Workshop', 'Refurbishes donated bikes and teaches young people to fix them, so getting to work or college costs less.', ['transport', 'skills-work', 'youth'], 'active'],
  ['Tide Turners Debt Buddies', 'Trained neighbours sit with you to sort out bills, benefits and debts before they spiral.', ['money-debt'], 'active'],
  ['Promenade Digital Drop-in', 'Patient, free help with phones, tablets and online forms for anyone who feels left behind.', ['digital', 'older-people'], 'active'],
  ['Seaglass Arts Collective', 'Makes art from what the tide brings in, and uses making together to lift people out of low moods.', ['culture', 'mental-health'], 'active'],
  ['Wenlow Grows', 'Turns neglected corners into growing spaces and shares the harvest with local families.', ['green-space', 'food'], 'active'],
  ['Shoreline Youth Media', 'Young people make films, podcasts and photo stories about their own streets.', ['youth', 'culture', 'skills-work'], 'active'],
  ['Warm Welcome Café', 'A warm room, a hot drink and a friendly face every weekday for anyone on their own.', ['loneliness', 'older-people'], 'active'],
  ["Fixers' Repair Café", 'Volunteers mend kettles, clothes and laptops so money stays in pockets and things stay out of landfill.', ['skills-work', 'money-debt'], 'active'],
  ['Little Crabs Playgroup', 'An affordable, friendly playgroup so parents can meet and little ones can play.', ['childcare'], 'active'],
  ["Open Door Tenants' Network", 'Helps private renters get repairs done and know their rights, street by street.', ['housing'], 'active'],
  ['Sea Legs Walking Football', 'Gentle football for over-50s to stay fit, make friends and have a laugh.', ['sport', 'older-people', 'health'], 'active'],
  ['Buddy Up Befriending', 'Matches isolated neighbours, including disabled people, with a regular visitor or caller.', ['loneliness', 'older-people', 'disability'], 'active'],
  ['Access All Areas Tours', 'Disabled guides test and review venues so everyone knows where they can go.', ['disability', 'culture'], 'active'],
  ['Wheels to Appointments', 'Volunteer drivers take people without a car to hospital and GP appointments.', ['transport', 'health', 'older-people'], 'active'],
  ['Safe Walk Home', 'Volunteers in hi-vis walk people home from late shifts and nights out.', ['safety'], 'active'],
  ['Bay Boxing Club CIC', 'Boxing training that builds discipline, fitness and confidence in young people.', ['sport', 'youth', 'mental-health'], 'active'],
  ['Code Club by the Sea', 'Free coding sessions that give local teenagers a first step into tech jobs.', ['digital', 'youth'], 'active'],
  ['Mindful Monday Circle', 'A peer-led circle where people with lived experience of mental ill health support each other.', ['mental-health'], 'active'],
  ['The Tool Library', 'Lends tools and shows people how to use them, so home repairs are within reach.', ['skills-work', 'housing'], 'active'],
  ['Beach Clean Crew', 'Monthly beach and street cleans that bring neighbours together and keep the bay beautiful.', ['green-space'], 'active'],
  ['Job Ready Bay', 'Coaching, CV help and work tasters for young people leaving school with no plan.', ['skills-work', 'youth'], 'active'],
  ['Uniform Swap Shop', 'Collects and swaps school uniforms so no child misses out because of cost.', ['childcare', 'money-debt'], 'active'],
  ['Homework Hub', 'Quiet space, wifi and help with homework after school for children who lack them at home.', ['youth', 'childcare', 'digital'], 'active'],
  ['Nearly New Furniture Project', 'Collects unwanted furniture and furnishes first homes for people leaving homelessness.', ['housing', 'money-debt'], 'paused'],
  ["Old Town Men's Shed", 'A workshop where men, often retired or out of work, make things and talk.', ['loneliness', 'mental-health', 'older-people'], 'paused'],
  ['Sensory Play Space', 'Sensory play sessions for disabled children and a break for their parents.', ['disability', 'childcare'], 'paused'],
  ['Bay Community Choir', 'Anyone can sing: a no-audition choir that meets every week.', ['culture', 'loneliness'], 'paused'],
  ['Street Food Skills Academy', 'Trains young people to cook and sell street food at local markets.', ['food', 'skills-work', 'youth'], 'closed'],
  ['Night Owls Youth Café', 'A late-opening café run by and for young people on Friday nights.', ['youth', 'safety'], 'closed'],
];

/** Roles an enterprise can offer, by the category it serves. [title, description, skills, minAge, maxAge, commitment, paid] */
const ROLES = {
  food: [
    ['Kitchen helper', 'Help prepare and serve our weekly hot lunch. Food hygiene training provided.', ['cooking', 'teamwork', 'food hygiene'], 14, 99, 'weekly', false],
    ['Trainee cook', 'Paid part-time kitchen job with training, for someone starting out.', ['cooking', 'time keeping'], 16, 25, 'part-time', true],
  ],
  housing: [
    ["Tenants' rights volunteer", 'Help renters write to landlords and log repairs. Full training given.', ['listening', 'letter writing'], 18, 99, 'weekly', false],
    ['Van crew', 'Collect and deliver furniture with our driver. Good for fitness!', ['lifting', 'teamwork'], 16, 99, 'flexible', false],
  ],
  health: [
    ['Appointment buddy', 'Go along with someone to their appointment so they are not on their own.', ['listening', 'reliability'], 18, 99, 'flexible', false],
    ['Health walk leader', 'Lead a gentle one-hour walk along the prom once a week.', ['leadership', 'first aid'], 16, 99, 'weekly', false],
  ],
  'mental-health': [
    ['Peer support volunteer', 'Share your lived experience to support others in a safe group.', ['listening', 'empathy'], 18, 99, 'weekly', false],
    ['Wellbeing session host', 'Welcome people, make the tea and help a session run smoothly.', ['hosting', 'empathy'], 16, 99, 'weekly', false],
  ],
  loneliness: [
    ['Befriending caller', 'A weekly phone call with a neighbour who lives alone.', ['listening', 'patience'], 16, 99, 'weekly', false],
    ['Tea and chat host', 'Set up, serve tea and get conversations going.', ['hosting', 'conversation'], 14, 99, 'weekly', false],
  ],
  youth: [
    ['Young leader', 'Help run sessions for younger children and train as a youth leader.', ['leadership', 'teamwork'], 14, 25, 'weekly', false],
    ['Youth panel member', 'Have a say in how the project is run and what it does next.', ['ideas', 'speaking up'], 14, 21, 'flexible', false],
  ],
  'older-people': [
    ['Digital buddy', 'Show an older neighbour how to video call the grandchildren.', ['patience', 'digital skills'], 14, 25, 'weekly', false],
    ['Lunch club helper', 'Serve lunch and chat with older neighbours.', ['serving', 'conversation'], 14, 99, 'weekly', false],
  ],
  'skills-work': [
    ['Repair café fixer', 'Mend things at our monthly repair café and teach others how.', ['repair', 'teaching'], 16, 99, 'flexible', false],
    ['CV and interview coach', 'Help job seekers polish CVs and practise interviews.', ['coaching', 'writing'], 21, 99, 'flexible', false],
    ['Paid trainee', 'A six-month paid traineeship with a mentor and a reference at the end.', ['reliability', 'willingness to learn'], 16, 24, 'part-time', true],
  ],
  'money-debt': [
    ['Benefits check volunteer', 'Run simple benefits checks with people, with training and support.', ['numbers', 'listening'], 18, 99, 'weekly', false],
    ['Money skills workshop helper', 'Help at a one-off budgeting workshop for young adults.', ['numbers', 'presenting'], 16, 99, 'one-off', false],
  ],
  digital: [
    ['Code club mentor', 'Help teenagers build their first games and websites.', ['coding', 'patience'], 16, 99, 'weekly', false],
    ['Tech help desk volunteer', 'Answer phone and laptop questions at our drop-in.', ['digital skills', 'patience'], 14, 25, 'weekly', false],
  ],
  transport: [
    ['Volunteer driver', 'Drive neighbours to appointments in our minibus. Mileage paid.', ['driving', 'reliability'], 21, 80, 'flexible', false],
    ['Bike mechanic trainee', 'Learn to service and rebuild bikes, paid after the first month.', ['mechanics', 'problem solving'], 14, 25, 'part-time', true],
  ],
  'green-space': [
    ['Beach clean crew', 'Join a two-hour beach clean. Gloves and pickers provided.', ['teamwork'], 14, 99, 'one-off', false],
    ['Community grower', 'Plant, weed and harvest with us on Saturday mornings.', ['gardening'], 14, 99, 'weekly', false],
  ],
  safety: [
    ['Safe walk volunteer', 'Walk people home in pairs on Friday and Saturday nights.', ['calm', 'first aid'], 18, 99, 'flexible', false],
  ],
  culture: [
    ['Festival crew', 'Help build, steward and run our summer street festival.', ['events', 'teamwork'], 14, 25, 'one-off', false],
    ['Film and photo assistant', 'Learn to shoot and edit short films about the town.', ['photography', 'editing'], 14, 25, 'weekly', false],
    ['Session musician', 'Paid sessions accompanying our weekly rehearsals.', ['piano', 'music reading'], 16, 99, 'weekly', true],
  ],
  sport: [
    ['Assistant coach', 'Help coach our sessions; we pay for your coaching badge.', ['coaching', 'sport'], 16, 99, 'weekly', false],
    ['Match day helper', 'Set up kit and keep score on match days.', ['organising'], 14, 99, 'flexible', false],
  ],
  childcare: [
    ['Playgroup assistant', 'Play, read and tidy up at our morning playgroup.', ['childcare', 'patience'], 16, 99, 'weekly', false],
    ['Homework helper', 'Help primary school children with reading and maths after school.', ['reading', 'maths'], 16, 25, 'weekly', false],
  ],
  disability: [
    ['Accessibility tester', 'Visit a venue with us and report what works and what does not.', ['observation', 'writing'], 14, 99, 'one-off', false],
    ['Sensory session assistant', 'Support children and parents at our sensory play sessions.', ['patience', 'care'], 16, 99, 'weekly', false],
  ],
};

const GENERAL_ROLES = [
  ['Social media helper', 'Share what we do on social media and make short videos.', ['social media', 'writing'], 14, 25, 'flexible', false],
  ['Event volunteer', 'Help out at a one-off open day.', ['teamwork', 'welcoming'], 14, 99, 'one-off', false],
];

const OWNER_COUNT = 10;

function buildEnterprises(neighbourhoods, streets, phone) {
  const rng = makeRng('enterprises');
  const uuid = makeUuidSource('enterprises');
  const ownerUuid = makeUuidSource('owners');
  const oppUuid = makeUuidSource('opportunities');

  const owners = Array.from({ length: OWNER_COUNT }, (_, i) => ({
    id: ownerUuid(),
    email: `owner${String(i + 1).padStart(2, '0')}@demo.invalid`,
    isAnonymous: false,
    kind: 'enterprise_owner',
    // Owners signed up before the year of activity the demo covers.
    createdAt: NOW - rng.int(375, 420) * DAY - rng.int(0, 23) * HOUR,
  }));

  // Each area gets its planned number of enterprises; which ones is the luck of the draw.
  const slots = neighbourhoods.flatMap((n) => Array.from({ length: n.enterprises }, () => n));
  const order = rng.shuffle(ENTERPRISES.map((_, i) => i));
  const ownerOrder = rng.shuffle(ENTERPRISES.map((_, i) => owners[i % OWNER_COUNT]));

  const enterprises = ENTERPRISES.map(([name, socialGoal, categories, status], i) => {
    const area = slots[order.indexOf(i)];
    const local = streets.filter((s) => s.area === area);
    let where;
    do where = pointBeside(rng, rng.pick(local), [0.2, 0.8], [12, 28]);
    while (neighbourhoodAt(where, neighbourhoods) !== area);
    const slug = slugify(name);
    return {
      id: uuid(),
      ownerId: ownerOrder[i].id,
      name,
      socialGoal,
      categories,
      contact: `${phone()}, hello@${slug}.example.org`,
      website: `https://${slug}.example.org`,
      status,
      source: 'demo',
      area,
      pt: where,
      location: toLonLat(where),
    };
  });

  // 60 opportunities: two per enterprise, with a few offering one or three.
  const opportunities = [];
  enterprises.forEach((e, i) => {
    const count = 2 + (i % 5 === 0 ? 1 : 0) - (i % 5 === 3 ? 1 : 0);
    const roles = rng.shuffle(e.categories.flatMap((c) => ROLES[c]));
    while (roles.length < count) roles.push(GENERAL_ROLES[roles.length % GENERAL_ROLES.length]);
    for (const [title, description, skills, minAge, maxAge, commitment, paid] of roles.slice(0, count)) {
      const closed = e.status === 'closed' || (e.status === 'paused' ? rng.chance(0.5) : rng.chance(0.12));
      opportunities.push({
        id: oppUuid(),
        enterpriseId: e.id,
        title,
        description,
        skills: [...skills],
        minAge,
        maxAge,
        commitment,
        paid,
        status: closed ? 'closed' : 'open',
        createdAt: NOW - rng.int(5, 360) * DAY - rng.int(0, 23 * 60) * 60 * 1000,
      });
    }
  });
  return { owners, enterprises, opportunities };
}

// ---------------------------------------------------------------------------
// Needs: clustered hotspots on streets with nothing of that kind nearby, plus scattered needs
// ---------------------------------------------------------------------------

/** Streets where many neighbours raise the same kinds of need and nothing answers them. */
const HOTSPOTS = [
  { area: 'Grange Estate', categories: ['food', 'money-debt'], needs: 34 },
  { area: 'Grange Estate', categories: ['youth', 'safety'], needs: 28 },
  { area: 'Ashby Moss', categories: ['loneliness', 'older-people'], needs: 30 },
  { area: 'Ashby Moss', categories: ['transport', 'health'], needs: 24 },
  { area: 'Marton Fields', categories: ['mental-health'], needs: 22 },
  { area: 'Brierley Park', categories: ['childcare'], needs: 20 },
  { area: 'South Shore', categories: ['housing', 'safety'], needs: 22 },
  { area: 'Highfield', categories: ['digital', 'skills-work'], needs: 20 },
];
const SCATTERED_NEEDS = 200;
const RESIDENT_COUNT = 150;
const MAX_NEEDS_PER_RESIDENT = 6;

/** How common each kind of need is among the scattered ones. */
const CATEGORY_WEIGHTS = {
  food: 8, housing: 7, health: 6, 'mental-health': 7, loneliness: 7, youth: 6, 'older-people': 6,
  'skills-work': 5, 'money-debt': 6, digital: 4, transport: 5, 'green-space': 4, safety: 6,
  culture: 3, sport: 3, childcare: 4, disability: 3,
};

/** What residents write. `{street}` becomes the street the need is on. */
const NEED_TEXTS = {
  food: [
    'No warm meal anywhere near {street} on a Sunday since the café by the shops closed.',
    "Food bank is two buses away and only open Tuesday mornings when I'm at work.",
    'Lots of families on {street} skipping meals by the end of the month.',
    'Would love a community fridge or pantry on this side of town.',
    "Kids round here go hungry in the school holidays, there's no holiday lunch club.",
    'Corner shop prices are sky high and the nearest supermarket is a long walk.',
    "Older neighbours can't carry shopping back from the bus stop.",
    'No cooking-on-a-budget classes anywhere near here.',
  ],
  housing: [
    "Black mould in half the flats on {street} and the landlord won't answer.",
    "Damp in the kids' bedroom again. Who do we even ask for help?",
    'Several houses on {street} empty and boarded up for over a year.',
    "Young people sofa-surfing because there's nothing affordable to rent.",
    'Need help understanding my tenancy, the landlord says we have to leave in a month.',
    'Heating broken since October and the repair keeps getting put off.',
    'Bins overflowing outside the bedsits on {street}, nobody takes responsibility.',
  ],
  health: [
    "Can't get a GP appointment, the phone line is engaged from 8 am.",
    "Nearest pharmacy shut in the summer, now it's a bus ride for prescriptions.",
    'No dentist taking NHS patients anywhere this side of town.',
    'Lots of people round here with diabetes and no support group.',
    'We need a defibrillator on {street}, the nearest one is by the station.',
    "Blood test clinic moved out of town and there's no direct bus.",
  ],
  'mental-health': [
    'Waiting list for talking therapy is eight months. Somewhere to drop in would help.',
    "Young lads on this street are struggling and there's nobody to talk to.",
    'Nothing open in the evenings when things get hard. A crisis café would save lives.',
    "My son is self-harming and we don't know where to turn locally.",
    'A men\'s group or a shed would get some of the blokes out of the house.',
    "My mum hasn't left the house since the pandemic, she's very low.",
  ],
  loneliness: [
    'No warm space open on weekday evenings for older neighbours.',
    'A lot of people live alone on {street} and go days without talking to anyone.',
    'Lunch club at the church stopped and nothing replaced it.',
    "New to the area with a baby and haven't met anyone yet.",
    "Widowed last year and I'd love a reason to get out on a Sunday.",
    'Somewhere just to sit with a brew and a chat would make a big difference.',
  ],
  youth: [
    'Nothing for teenagers to do on {street} after school, so they hang about by the shops.',
    'Youth club closed three years ago and nothing has replaced it.',
    'Kids need somewhere safe and dry to go on winter nights.',
    "My daughter wants to learn music production but there's nowhere free nearby.",
    'No football pitch round here without broken glass on it.',
    'Would be great to have a youth café run by young people themselves.',
  ],
  'older-people': [
    "My neighbour is 88 and can't get to the shops since the bus route changed.",
    'No benches along {street}, hard for older people to walk to the shops.',
    'Older people getting scammed on the phone, they need someone they trust to ask.',
    "Older residents on {street} can't manage their gardens any more.",
    "Nowhere for older folk to meet that's step-free.",
  ],
  'skills-work': [
    "Lots of us want to work but there's no job club closer than the town centre.",
    'Need help writing a CV and practising for interviews.',
    'Would love a course to get back into work after caring for my dad.',
    'Apprenticeships for school leavers round here? Never seen one advertised.',
    'English classes for new arrivals, the current ones are full.',
  ],
  'money-debt': [
    "Energy bills doubled and I don't know which grants I can get.",
    'Loan sharks operating on {street}, people are scared to say anything.',
    'Need someone to help with Universal Credit forms, I keep getting sanctioned.',
    'Nowhere to get free debt advice without waiting weeks.',
    'A credit union collection point round here would stop people using doorstep lenders.',
  ],
  digital: [
    'No internet at home and the library computers are always booked.',
    "My mum can't do online forms and everything is online now.",
    'Free wifi somewhere kids can do homework would help a lot of families.',
    "Need help setting up my phone to use the doctor's app.",
    "Old laptops to lend for families who can't afford one.",
  ],
  transport: [
    'Bus to the hospital stopped running after 6 pm.',
    "No bus along {street} since the route was cut, and it's a mile to the nearest stop.",
    'Pavements too narrow for a wheelchair on {street}, I have to go in the road.',
    'Need a safe bike route to the college, the main road is terrifying.',
    'A community minibus for appointments would help a lot of older people.',
  ],
  'green-space': [
    'The only park near {street} is locked in the evenings.',
    'Fly-tipping on the back lane behind {street} every week.',
    "No trees anywhere on this street, it's baking in summer.",
    'Would love a community garden on the empty plot at the end of {street}.',
    'Play area equipment broken for months.',
  ],
  safety: [
    "Street lights out along {street} for weeks, women don't feel safe walking home.",
    'Cars racing along {street} at night, someone will get hurt.',
    'Drug dealing in the alley behind the shops in broad daylight.',
    'Need a safe crossing by the school, the lollipop lady retired.',
    'Trouble at the bus shelter every weekend.',
  ],
  culture: [
    'No community arts anywhere this side of town since the theatre group folded.',
    'Would love a local history group, this street has such stories.',
    'Kids never get to see live music or theatre unless parents can afford it.',
    'Somewhere to put on a street party or a small festival.',
  ],
  sport: [
    'Leisure centre is too expensive for families on low incomes.',
    'No girls\' football team for under-14s near here.',
    'Would be great to have walking football for the over-60s.',
    'The outdoor gym on the green was removed and never replaced.',
  ],
  childcare: [
    'No nursery places for two-year-olds anywhere near here.',
    'Breakfast club at the school is full and I start work at 7.',
    'Single parents on {street} need affordable holiday childcare.',
    "Nowhere to take toddlers on a rainy day that doesn't cost money.",
  ],
  disability: [
    "Dropped kerbs missing on {street}, I can't get my wheelchair across.",
    'No accessible toilet anywhere near the shops.',
    'Support group for parents of autistic children, the nearest is miles away.',
    'Activities for adults with learning disabilities stopped when the day centre shut.',
  ],
};

const NEED_DETAILS = [
  "It's been like this since last winter.",
  "I've asked the council twice and heard nothing.",
  'Happy to help set something up if others are keen.',
  "There are at least a dozen of us who'd use it.",
  'Evenings and weekends are the worst.',
  'My neighbours feel the same.',
  'Even once a week would make a difference.',
  'Please, anyone?',
  'It used to be so different round here.',
  'Not sure who else to tell.',
  "I'd volunteer a couple of hours a week.",
  "It's worse since the cost of living went up.",
  'My neighbour says the same.',
  'Saturday mornings would suit most of us.',
  'This affects the whole terrace.',
  "We're not asking for much.",
  'Anything would be better than nothing.',
  "Been raised at residents' meetings for years.",
];

const STATUS_NOTES = {
  acknowledged: ["Seen this, we'll talk about it at our next meeting.", 'Thanks for raising it. Looking into what we can do.', "We've heard this from others too."],
  adopted: ['{enterprise} will take this on.', '{enterprise} is starting something for this.', '{enterprise} has volunteers ready to help.'],
  met: ['Sorted now, thank you!', "It's running every week now. Brilliant.", 'This has made a real difference, thanks all.'],
  closed: ["No longer needed, we've moved.", 'Posted this twice by mistake.', 'Sorted it ourselves in the end.'],
};

/** Distance from a segment to the nearest supply of a category (assets and enterprises). */
function supplyDistance(segment, category, suppliers) {
  let best = Infinity;
  for (const s of suppliers) {
    if (s.categories.includes(category)) best = Math.min(best, distToPolyline(s.pt, segment.pts));
  }
  return best;
}

function buildNeeds(neighbourhoods, streets, assets, enterprises) {
  const rng = makeRng('needs');
  const textRng = makeRng('need-texts');
  const uuid = makeUuidSource('needs');
  const residentUuid = makeUuidSource('residents');
  const suppliers = [...assets, ...enterprises];
  const isGap = (segment, category) => supplyDistance(segment, category, suppliers) > GAP_CHECK_M;

  // 1. Where the needs are.
  const drafts = [];
  const hotspots = [];
  const usedStreets = new Set();
  for (const spec of HOTSPOTS) {
    const eligible = streets.filter(
      (s) => s.area?.name === spec.area && !usedStreets.has(s.name) && spec.categories.every((c) => isGap(s, c)),
    );
    const byName = new Map();
    for (const s of eligible) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
    const candidates = [...byName.entries()]
      .filter(([, segs]) => segs.length >= 2)
      .sort((x, y) => y[1].length - x[1].length || (x[0] < y[0] ? -1 : 1));
    if (!candidates.length) throw new Error(`no gap street for hotspot ${spec.area} ${spec.categories}`);
    const [street, segments] = rng.pick(candidates.slice(0, 3));
    usedStreets.add(street);
    hotspots.push({ street, area: spec.area, categories: spec.categories, needs: spec.needs });
    for (let i = 0; i < spec.needs; i++) {
      const category = i < spec.needs * 0.7 ? spec.categories[0] : rng.pick(spec.categories);
      // Retry until the point would snap to a segment that really has the gap.
      for (let attempt = 0; ; attempt++) {
        if (attempt > 100) throw new Error(`cannot place hotspot need on ${street}`);
        const pt = pointBeside(rng, rng.pick(segments), [0.25, 0.75], [4, 18]);
        const near = nearestSegment(pt, streets);
        if (near.segment.name === street && isGap(near.segment, category)) {
          drafts.push({ pt, segment: near.segment, category, hotspot: true });
          break;
        }
      }
    }
  }
  const categories = Object.keys(CATEGORY_WEIGHTS);
  for (let i = 0; i < SCATTERED_NEEDS; i++) {
    const area = rng.weighted(neighbourhoods, (n) => n.needWeight);
    const local = streets.filter((s) => s.area === area);
    const pt = pointBeside(rng, rng.pick(local), [0.15, 0.85], [4, 35]);
    const category = rng.weighted(categories, (c) => CATEGORY_WEIGHTS[c]);
    drafts.push({ pt, segment: nearestSegment(pt, streets).segment, category, hotspot: false });
  }

  // 2. Who lives where: residents spread in proportion to the needs in each area.
  const areaOf = (d) => d.segment.area ?? neighbourhoodAt(d.pt, neighbourhoods);
  const residents = [];
  const residentsByArea = new Map(neighbourhoods.map((n) => [n, []]));
  const share = (n) => drafts.filter((d) => areaOf(d) === n).length / drafts.length;
  for (const n of neighbourhoods) {
    const count = Math.max(3, Math.floor(share(n) * RESIDENT_COUNT));
    for (let i = 0; i < count && residents.length < RESIDENT_COUNT; i++) {
      const r = { id: residentUuid(), email: null, isAnonymous: true, kind: 'resident', home: n, needs: 0, activity: [] };
      residents.push(r);
      residentsByArea.get(n).push(r);
    }
  }
  while (residents.length < RESIDENT_COUNT) {
    const n = rng.weighted(neighbourhoods, (x) => x.needWeight);
    const r = { id: residentUuid(), email: null, isAnonymous: true, kind: 'resident', home: n, needs: 0, activity: [] };
    residents.push(r);
    residentsByArea.get(n).push(r);
  }
  const neighbourOf = (area) => {
    const pool = residentsByArea.get(area);
    return pool?.length && rng.chance(0.85) ? rng.pick(pool) : rng.pick(residents);
  };

  // 3. The needs themselves, oldest first.
  const needs = drafts.map((d) => {
    let author = neighbourOf(areaOf(d));
    while (author.needs >= MAX_NEEDS_PER_RESIDENT) author = rng.pick(residents);
    author.needs++;
    const createdAt = NOW - rng.int(1 * 24 * 60, 365 * 24 * 60) * 60 * 1000;
    author.activity.push(createdAt);
    return {
      draft: d,
      author,
      category: d.category,
      body: needText(textRng, d.category, d.segment.name),
      createdAt,
    };
  });
  needs.sort((x, y) => x.createdAt - y.createdAt);
  for (const n of needs) n.id = uuid();

  // 4. Outcomes: about a quarter move on (mostly scattered ones; hotspots stay visible).
  const statusChanges = [];
  for (const n of needs) {
    n.endsAt = NOW;
    if (n.createdAt > NOW - 10 * DAY) continue;
    if (!rng.chance(n.draft.hotspot ? 0.1 : 0.4)) continue;
    const step = (from, minDays, maxDays) => from + rng.int(minDays * 24, maxDays * 24) * HOUR;
    const record = (status, actorId, note, at) => statusChanges.push({ needId: n.id, status, actorId, note, at });
    if (rng.chance(0.2)) {
      const at = step(n.createdAt, 2, 60);
      if (at >= NOW) continue;
      record('closed', n.author.id, rng.pick(STATUS_NOTES.closed), at);
      n.author.activity.push(at);
      n.endsAt = at;
      continue;
    }
    // An enterprise that serves this category (if any does) picks it up.
    const matching = enterprises.filter((e) => e.status === 'active' && e.categories.includes(n.category));
    const adopter = rng.pick(matching.length ? matching : enterprises.filter((e) => e.status === 'active'));
    const ackAt = step(n.createdAt, 1, 14);
    if (ackAt >= NOW) continue;
    record('acknowledged', adopter.ownerId, rng.pick(STATUS_NOTES.acknowledged), ackAt);
    if (!rng.chance(0.75)) continue;
    const adoptAt = step(ackAt, 1, 21);
    if (adoptAt >= NOW) continue;
    record('adopted', adopter.ownerId, rng.pick(STATUS_NOTES.adopted).replace('{enterprise}', adopter.name), adoptAt);
    if (!rng.chance(0.65)) continue;
    const metAt = step(adoptAt, 3, 60);
    if (metAt >= NOW) continue;
    record('met', n.author.id, rng.pick(STATUS_NOTES.met), metAt); // only the author says it is met
    n.author.activity.push(metAt);
    n.endsAt = metAt;
  }

  // 5. "Me too": hotspots gather many supporters, scattered needs a few.
  const supports = [];
  for (const n of needs) {
    const count = n.draft.hotspot ? (rng.chance(0.5) ? rng.int(2, 8) : 0) : rng.chance(0.12) ? rng.int(1, 3) : 0;
    const supporters = new Set([n.author]);
    const window = n.endsAt - n.createdAt;
    if (window < 2 * HOUR) continue;
    for (let i = 0; i < count; i++) {
      let s = neighbourOf(areaOf(n.draft));
      for (let tries = 0; supporters.has(s) && tries < 50; tries++) s = rng.pick(residents);
      if (supporters.has(s)) continue;
      supporters.add(s);
      const at = n.createdAt + HOUR + Math.floor(rng.next() * (window - 2 * HOUR) / 60000) * 60000;
      s.activity.push(at);
      supports.push({ needId: n.id, userId: s.id, createdAt: at });
    }
  }

  // 6. Each resident signed up shortly before their first action.
  for (const r of residents) {
    const first = r.activity.length ? Math.min(...r.activity) : NOW - rng.int(1, 365) * DAY;
    r.createdAt = first - rng.int(10, 14 * 24 * 60) * 60 * 1000;
  }

  return { residents, needs, statusChanges, supports, hotspots };
}

function needText(rng, category, street) {
  let text = rng.pick(NEED_TEXTS[category]).replace('{street}', street);
  // Most people add a line of their own; some add two.
  if (rng.chance(0.7)) text += ` ${rng.pick(NEED_DETAILS)}`;
  if (rng.chance(0.2)) {
    const more = rng.pick(NEED_DETAILS);
    if (!text.endsWith(more)) text += ` ${more}`;
  }
  return text;
}

// ---------------------------------------------------------------------------
// The town as plain objects
// ---------------------------------------------------------------------------

const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Builds the whole demo town. Pure: same result every call. */
export function generateDemoTown() {
  const neighbourhoods = buildNeighbourhoods(makeRng('neighbourhoods'), makeUuidSource('neighbourhoods'));
  const { segments: streets, nodes, namer } = buildStreets(neighbourhoods);
  const phone = makePhoneBook(makeRng('phones'));
  const assets = buildAssets(neighbourhoods, streets, nodes, namer, phone);
  const { owners, enterprises, opportunities } = buildEnterprises(neighbourhoods, streets, phone);
  const { residents, needs, statusChanges, supports, hotspots } = buildNeeds(neighbourhoods, streets, assets, enterprises);

  return {
    town: {
      name: TOWN_LABEL,
      fictional: true,
      source: 'demo',
      referenceDate: REFERENCE_DATE,
      centre: [CENTRE_LON, CENTRE_LAT],
    },
    categories: [...CATEGORY_SLUGS],
    neighbourhoods: neighbourhoods.map((n) => ({
      id: n.id, code: n.code, name: n.name, kind: 'local', source: 'demo', polygon: n.coordinates,
    })),
    streets: streets.map((s) => ({
      id: s.id, name: s.name, highway: s.highway, source: 'demo', sourceId: s.sourceId, coordinates: s.coordinates,
    })),
    assets: assets.map((a) => ({
      id: a.id, name: a.name, kind: a.kind, categories: a.categories, address: a.address,
      openingHours: a.openingHours, contact: a.contact, website: a.website, source: a.source,
      sourceId: a.sourceId, verified: a.verified, location: a.location,
    })),
    users: [...residents, ...owners].map((u) => ({
      id: u.id, kind: u.kind, email: u.email, isAnonymous: u.isAnonymous, createdAt: iso(u.createdAt),
    })),
    userRoles: owners.map((o) => ({ userId: o.id, role: 'enterprise_owner' })),
    enterprises: enterprises.map((e) => ({
      id: e.id, ownerId: e.ownerId, name: e.name, socialGoal: e.socialGoal, categories: e.categories,
      contact: e.contact, website: e.website, status: e.status, source: e.source, location: e.location,
    })),
    opportunities: opportunities.map((o) => ({ ...o, createdAt: iso(o.createdAt) })),
    needs: needs.map((n) => ({
      id: n.id, authorId: n.author.id, category: n.category, body: n.body,
      location: toLonLat(n.draft.pt), streetId: n.draft.segment.id, createdAt: iso(n.createdAt),
    })),
    needStatusChanges: statusChanges
      .sort((x, y) => x.at - y.at || (x.needId < y.needId ? -1 : 1))
      .map((c) => ({ ...c, at: iso(c.at) })),
    needSupports: supports
      .sort((x, y) => x.createdAt - y.createdAt || (x.needId < y.needId ? -1 : 1))
      .map((s) => ({ ...s, createdAt: iso(s.createdAt) })),
    hotspots: hotspots.map((h) => ({ street: h.street, neighbourhood: h.area, categories: h.categories, needs: h.needs })),
  };
}

// ---------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------

const sqlText = (v) => (v === null ? 'null' : `'${String(v).replace(/'/g, "''")}'`);
const sqlArray = (items) => `array[${items.map(sqlText).join(', ')}]`;
const sqlTime = (t) => `'${t}'::timestamptz`;
const sqlUuid = (id) => `'${id}'::uuid`;
const num = (v) => v.toFixed(6);
const wktCoords = (coords) => coords.map(([lon, lat]) => `${num(lon)} ${num(lat)}`).join(', ');
const geom = (wkt) => `extensions.st_geomfromtext('${wkt}', 4326)`;
const point = ([lon, lat]) => geom(`POINT(${num(lon)} ${num(lat)})`);
const lineString = (coords) => geom(`LINESTRING(${wktCoords(coords)})`);
const multiPolygon = (ring) => geom(`MULTIPOLYGON(((${wktCoords(ring)})))`);

/** Multi-row INSERTs in batches of 100 rows keep the file compact and quick to load. */
function insertRows(table, columns, rows) {
  const out = [];
  for (let i = 0; i < rows.length; i += 100) {
    out.push(`insert into ${table} (${columns.join(', ')}) values\n  ${rows.slice(i, i + 100).map((r) => `(${r.join(', ')})`).join(',\n  ')};`);
  }
  return out.join('\n');
}

const ANON_APP_META = '{"provider":"anonymous","providers":["anonymous"]}';
const EMAIL_APP_META = '{"provider":"email","providers":["email"]}';

/** Renders the demo town as one SQL script (wrapped in a transaction). */
export function generateDemoSql(town = generateDemoTown()) {
  const count = (items) => String(items.length).padStart(4);
  const parts = [
    `-- DEMO DATA for the fictional town of ${TOWN_NAME} — not real places, people or needs.`,
    '--',
    '-- Generated by data/demo/generate.mjs (fixed seed; regenerate with `npm run demo-data`).',
    '-- Do not edit by hand: a unit test checks this file matches the generator.',
    `-- Dates are relative to ${REFERENCE_DATE}. Phone numbers are Ofcom drama numbers;`,
    '-- e-mail and web addresses use example.org and demo.invalid.',
    '--',
    `-- ${count(town.neighbourhoods)} neighbourhoods   ${count(town.streets)} street segments   ${count(town.assets)} assets`,
    `-- ${count(town.enterprises)} enterprises      ${count(town.opportunities)} opportunities     ${count(town.users)} users`,
    `-- ${count(town.needs)} needs            ${count(town.needStatusChanges)} status changes    ${count(town.needSupports)} supports`,
    '',
    'begin;',
    '-- A bulk load: the tiles\' versions, the briefs\' clusters and the gap caches are brought up',
    '-- to date once, at the end, not after every statement (supabase/migrations/20261206001000_bulk_load.sql).',
    "set local streetlevel.bulk_load = 'on';",
    "set local streetlevel.defer_gap_caches = 'on';",
    '',
    '-- Neighbourhoods',
    insertRows('public.neighbourhoods', ['id', 'code', 'name', 'kind', 'source', 'geom'],
      town.neighbourhoods.map((n) => [sqlUuid(n.id), sqlText(n.code), sqlText(n.name), sqlText(n.kind), sqlText(n.source), multiPolygon(n.polygon)])),
    '',
    '-- Street segments (neighbourhood_id is filled in by a trigger)',
    insertRows('public.streets', ['id', 'name', 'highway', 'source', 'source_id', 'geom'],
      town.streets.map((s) => [sqlUuid(s.id), sqlText(s.name), sqlText(s.highway), sqlText(s.source), sqlText(s.sourceId), lineString(s.coordinates)])),
    '',
    '-- Community assets',
    insertRows('public.assets', ['id', 'name', 'categories', 'address', 'opening_hours', 'contact', 'website', 'source', 'source_id', 'verified', 'geom'],
      town.assets.map((a) => [sqlUuid(a.id), sqlText(a.name), sqlArray(a.categories), sqlText(a.address), sqlText(a.openingHours), sqlText(a.contact), sqlText(a.website), sqlText(a.source), sqlText(a.sourceId), String(a.verified), point(a.location)])),
    '',
    '-- Demo users: anonymous residents and enterprise owners',
    insertRows('auth.users', ['id', 'aud', 'role', 'email', 'email_confirmed_at', 'is_anonymous', 'raw_app_meta_data', 'raw_user_meta_data', 'created_at'],
      town.users.map((u) => [sqlUuid(u.id), "'authenticated'", "'authenticated'", sqlText(u.email), u.isAnonymous ? 'null' : sqlTime(u.createdAt), String(u.isAnonymous), sqlText(u.isAnonymous ? ANON_APP_META : EMAIL_APP_META), sqlText('{"demo":true}'), sqlTime(u.createdAt)])),
    insertRows('public.user_roles', ['user_id', 'role'], town.userRoles.map((r) => [sqlUuid(r.userId), sqlText(r.role)])),
    '',
    '-- Social micro-enterprises and community projects',
    insertRows('public.enterprises', ['id', 'owner_id', 'name', 'social_goal', 'categories', 'contact', 'website', 'status', 'source', 'geom'],
      town.enterprises.map((e) => [sqlUuid(e.id), sqlUuid(e.ownerId), sqlText(e.name), sqlText(e.socialGoal), sqlArray(e.categories), sqlText(e.contact), sqlText(e.website), sqlText(e.status), sqlText(e.source), point(e.location)])),
    insertRows('public.opportunities', ['id', 'enterprise_id', 'title', 'description', 'skills', 'min_age', 'max_age', 'commitment', 'paid', 'status', 'created_at'],
      town.opportunities.map((o) => [sqlUuid(o.id), sqlUuid(o.enterpriseId), sqlText(o.title), sqlText(o.description), sqlArray(o.skills), String(o.minAge), String(o.maxAge), sqlText(o.commitment), String(o.paid), sqlText(o.status), sqlTime(o.createdAt)])),
    '',
    "-- Needs, through the same function the app uses (snaps to a street, keeps the exact point private)",
    ...town.needs.map((n) =>
      `select private.record_need(p_id => ${sqlUuid(n.id)}, p_author => ${sqlUuid(n.authorId)}, p_category => ${sqlText(n.category)}, p_body => ${sqlText(n.body)}, p_lon => ${num(n.location[0])}, p_lat => ${num(n.location[1])}, p_created_at => ${sqlTime(n.createdAt)});`),
    '',
    '-- "Me too" supports (never the author, never twice; all before the need was met or closed)',
    insertRows('public.need_supports', ['need_id', 'user_id', 'created_at'],
      town.needSupports.map((s) => [sqlUuid(s.needId), sqlUuid(s.userId), sqlTime(s.createdAt)])),
    '',
    '-- Outcomes, in time order (each call records a need event)',
    ...town.needStatusChanges.map((c) =>
      `select private.set_need_status(p_need => ${sqlUuid(c.needId)}, p_status => ${sqlText(c.status)}, p_actor => ${sqlUuid(c.actorId)}, p_note => ${sqlText(c.note)}, p_at => ${sqlTime(c.at)});`),
    '',
    'select private.finish_bulk_load();',
    'commit;',
    '',
  ];
  return parts.join('\n');
}

// ---------------------------------------------------------------------------
// CLI: only writes the file when run directly, so tests can import the pure functions.
// ---------------------------------------------------------------------------

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const target = fileURLToPath(new URL('./seed.sql', import.meta.url));
  const sql = generateDemoSql();
  writeFileSync(target, sql);
  console.log(`wrote ${target} (${Buffer.byteLength(sql)} bytes)`);
}
