// Numbered schema migrations, one DDL text per dialect. Applied in order at start and recorded in
// `schema_migrations`; never edit an applied migration, add the next number instead.
import { initialSchema } from './001_initial'
import { sessionIdle } from './002_session_idle'
import { mutationKeysPerOrg } from './003_mutation_keys_per_org'
import { entitiesPerOrg } from './004_entities_per_org'

export interface Migration {
  id: number
  name: string
  sqlite: string
  postgres: string
}

export const MIGRATIONS: readonly Migration[] = [initialSchema, sessionIdle, mutationKeysPerOrg, entitiesPerOrg]
