/** Where the JSON Schemas live: each `$id` is this base plus the schema's file under `schemas/`. */
export const SCHEMA_BASE = 'https://extids.local/schemas/';

export const schemaId = (file: string): string => SCHEMA_BASE + file;
