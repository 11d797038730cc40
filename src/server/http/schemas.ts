// JSON schemas of the request bodies and query strings. Every object is closed
// (additionalProperties: false); the domain validators check documents in depth afterwards.
import { ENTITY_NAMES, MAX_MUTATIONS_PER_PUSH, ROLES } from '@/domain/protocol'

export const ID = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } as const
export const SHA256 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const
export const USERNAME = { type: 'string', pattern: '^[\\p{L}\\p{N}._@-]{2,64}$' } as const
export const PASSWORD = { type: 'string', minLength: 1, maxLength: 200 } as const
/** Length and strength are judged by auth/passwordPolicy.ts, which says why in plain words. */
export const NEW_PASSWORD = { type: 'string', minLength: 1, maxLength: 200 } as const
/** Free text stored in our own columns: no control characters (PostgreSQL refuses NUL in text). */
const PLAIN_TEXT = '^[^\\u0000-\\u001f\\u007f]*$'
export const DISPLAY_NAME = { type: 'string', minLength: 1, maxLength: 100, pattern: PLAIN_TEXT } as const
const UINT = { type: 'string', pattern: '^[0-9]{1,15}$' } as const

export const loginBody = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'password'],
  properties: { username: { type: 'string', minLength: 1, maxLength: 64, pattern: PLAIN_TEXT }, password: PASSWORD },
} as const

export const pushBody = {
  type: 'object',
  additionalProperties: false,
  required: ['deviceId', 'mutations'],
  properties: {
    deviceId: ID,
    mutations: {
      type: 'array',
      maxItems: MAX_MUTATIONS_PER_PUSH,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['mutationId', 'entity', 'id', 'baseRev'],
        properties: {
          mutationId: ID,
          entity: { type: 'string', enum: [...ENTITY_NAMES] },
          id: ID,
          baseRev: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
          doc: { type: 'object' },
          changedFields: { type: 'object' },
          deleted: { type: 'boolean' },
          resolvesConflict: { type: 'boolean' },
        },
      },
    },
  },
} as const

export const pullQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cursor: UINT,
    limit: { type: 'string', pattern: '^[0-9]{1,4}$' },
    /** One id, or several separated by commas (reviewers and admins). */
    branchId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64}){0,99}$' },
  },
} as const

export const revisionsParams = {
  type: 'object',
  additionalProperties: false,
  required: ['entity', 'id'],
  properties: { entity: { type: 'string', enum: [...ENTITY_NAMES] }, id: ID },
} as const

export const attachmentParams = {
  type: 'object',
  additionalProperties: false,
  required: ['sha256'],
  properties: { sha256: SHA256 },
} as const

export const attachmentPutQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['branchId'],
  properties: { branchId: ID },
} as const

export const newBranchBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200, pattern: PLAIN_TEXT } },
} as const

export const newUserBody = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'displayName', 'role', 'password'],
  properties: {
    username: USERNAME,
    displayName: DISPLAY_NAME,
    role: { type: 'string', enum: [...ROLES] },
    branchId: { anyOf: [ID, { type: 'null' }] },
    password: NEW_PASSWORD,
  },
} as const

export const userIdParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: ID },
} as const

export const setPasswordBody = {
  type: 'object',
  additionalProperties: false,
  required: ['password'],
  properties: { password: NEW_PASSWORD },
} as const

export const setDisabledBody = {
  type: 'object',
  additionalProperties: false,
  required: ['disabled'],
  properties: { disabled: { type: 'boolean' } },
} as const

export const orphanQuery = {
  type: 'object',
  additionalProperties: false,
  /** Days, 1–3650 (default 30). */
  properties: { olderThanDays: { type: 'string', pattern: '^[1-9][0-9]{0,3}$' } },
} as const

export const emptyQuery = { type: 'object', additionalProperties: false, properties: {} } as const
