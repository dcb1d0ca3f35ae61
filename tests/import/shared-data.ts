/**
 * The real data files the import tests read (never copied into the repository):
 * ../shared/data beside the repository, as on developers' machines and in CI, or
 * STREETLEVEL_SHARED_DATA. Suites skip loudly (fail under CI) when it is absent.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { repoRoot } from '../../src/db/migrations.ts'
import { engineAvailable } from '../helpers/engines.ts'

export const sharedData = path.resolve(process.env.STREETLEVEL_SHARED_DATA ?? path.join(repoRoot, '..', 'shared', 'data'))

/** True when the shared data folder is there; otherwise shouts (or throws under CI). */
export const haveSharedData = (suite: string): boolean =>
  engineAvailable(suite, existsSync(path.join(sharedData, 'osm-rutland-oakham', 'oakham.osm.pbf')), `no real data in ${sharedData}`)
