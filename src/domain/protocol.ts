// The sync wire protocol shared by the server and the client sync engine, and the table of synced
// entity kinds. Pure: types, validators and small helpers, no I/O.
//
// Push: the device sends its outbox as mutations, each keyed by a device-generated mutationId. The
// server applies each mutation on its own: the same mutationId with the same body returns the stored
// result, a different body is refused (409). A mutation made on top of an older revision is merged
// field by field (see `merge.ts`); a same-field clash keeps both values and marks the entity conflicted.
// Pull: the change feed, read page by page with a cursor; each change carries the entity's current head.
//
// This file is the index: the protocol lives in protocol/ — wire.ts (the shapes on the wire), roles.ts,
// fieldSpec.ts (the field-spec validator), recordFields.ts, ledgerFields.ts, checkFields.ts and
// sharedDraft.ts (the field tables per entity family), entityKinds.ts (ENTITY_KINDS) and requests.ts
// (push request checks). Import from here.
export * from './protocol/roles'
export * from './protocol/wire'
export {
  CLOCK_TIME_PATTERN,
  checkField,
  checkObject,
  ID_PATTERN,
  ISO_DATE_PATTERN,
  ISO_TIMESTAMP_PATTERN,
  MAX_DOC_JSON_CHARS,
  RECORD_PERIOD_PATTERN,
  SHA256_HEX_PATTERN,
  type FieldSpec,
} from './protocol/fieldSpec'
export {
  BRANCH_FIELDS,
  MEMBER_FIELDS,
  RECORD_FIELDS,
  validateBranchDoc,
  validateMemberDoc,
  validateRecordDoc,
} from './protocol/recordFields'
export * from './protocol/ledgerFields'
export * from './protocol/checkFields'
export * from './protocol/sharedDraft'
export * from './protocol/entityKinds'
export * from './protocol/requests'
