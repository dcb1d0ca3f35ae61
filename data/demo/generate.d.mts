// Types for generate.mjs (DEMO DATA for the fictional town of Wenlow Bay).
// Coordinates are [lon, lat] in EPSG:4326; timestamps are ISO 8601 strings in UTC.

export type LonLat = [number, number];

export interface DemoNeighbourhood { id: string; code: string; name: string; kind: 'local'; source: 'demo'; polygon: LonLat[] }
export interface DemoStreet { id: string; name: string; highway: string; source: 'demo'; sourceId: string; coordinates: LonLat[] }
export interface DemoAsset {
  id: string; name: string; kind: string; categories: string[]; address: string; openingHours: string;
  contact: string; website: string; source: 'demo'; sourceId: string; verified: boolean; location: LonLat;
}
export interface DemoUser { id: string; kind: 'resident' | 'enterprise_owner'; email: string | null; isAnonymous: boolean; createdAt: string }
export interface DemoUserRole { userId: string; role: 'enterprise_owner' }
export interface DemoEnterprise {
  id: string; ownerId: string; name: string; socialGoal: string; categories: string[]; contact: string;
  website: string; status: 'active' | 'paused' | 'closed'; source: 'demo'; location: LonLat;
}
export interface DemoOpportunity {
  id: string; enterpriseId: string; title: string; description: string; skills: string[]; minAge: number; maxAge: number;
  commitment: 'one-off' | 'flexible' | 'weekly' | 'part-time'; paid: boolean; status: 'open' | 'closed'; createdAt: string;
}
export interface DemoNeed { id: string; authorId: string; category: string; body: string; location: LonLat; streetId: string; createdAt: string }
export interface DemoNeedStatusChange { needId: string; status: 'acknowledged' | 'adopted' | 'met' | 'closed'; actorId: string; note: string; at: string }
export interface DemoNeedSupport { needId: string; userId: string; createdAt: string }
export interface DemoHotspot { street: string; neighbourhood: string; categories: string[]; needs: number }

export interface DemoTown {
  town: { name: string; fictional: true; source: 'demo'; referenceDate: string; centre: LonLat };
  categories: string[];
  neighbourhoods: DemoNeighbourhood[];
  streets: DemoStreet[];
  assets: DemoAsset[];
  users: DemoUser[];
  userRoles: DemoUserRole[];
  enterprises: DemoEnterprise[];
  opportunities: DemoOpportunity[];
  needs: DemoNeed[];
  needStatusChanges: DemoNeedStatusChange[];
  needSupports: DemoNeedSupport[];
  /** Streets deliberately given many needs and no provider of those categories within 400 m. */
  hotspots: DemoHotspot[];
}

export const TOWN_NAME: string;
export const REFERENCE_DATE: string;
export const CATEGORY_SLUGS: string[];
export const HIGHWAY_CLASSES: string[];
export function generateDemoTown(): DemoTown;
export function generateDemoSql(town?: DemoTown): string;
