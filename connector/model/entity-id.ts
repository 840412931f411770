/**
 * A Docebo entity id on the wire: a positive integer that JSON numbers carry exactly. An id
 * written beyond 2^53 reads back as another number, so it is refused rather than misapplied.
 */
export const entityId = { type: 'integer', minimum: 1, maximum: 9007199254740991 } as const;
