// Stored push answers are keyed per organization (`<org id>:<mutationId>`, see syncService mutationKey):
// the answers kept so far move to their pusher's organization, so retries of them still find them.
import type { Migration } from './index'

const ddl = `
UPDATE mutations SET mutation_id = (SELECT org_id FROM users WHERE users.id = mutations.user_id) || ':' || mutation_id
 WHERE EXISTS (SELECT 1 FROM users WHERE users.id = mutations.user_id);
`

export const mutationKeysPerOrg: Migration = { id: 3, name: 'mutation_keys_per_org', sqlite: ddl, postgres: ddl }
