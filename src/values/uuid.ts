/** The bare UUID form the contract wants (no `urn:uuid:` prefix, no braces), in every runtime. */
export const UUID_FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID_FORMAT.test(value);
