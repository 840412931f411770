/** Every generated file committed to the repository, with the text it must have. */
import { OPENAPI_FILE, renderOpenApi } from './openapi';
import { renderSchemaFile, schemaFiles } from '../schemas/catalogue';
import { REFERENCE_PATH, renderReference } from './reference';
import { renderTypes } from './types';

export interface GeneratedFile {
  /** Relative to the package root. */
  path: string;
  content: string;
}

/** The generated files under `schemas/`: the JSON Schemas and the OpenAPI document. */
export const generatedSchemaFiles = (): GeneratedFile[] => [
  ...schemaFiles().map((f) => ({ path: `schemas/${f.file}`, content: renderSchemaFile(f) })),
  { path: `schemas/${OPENAPI_FILE}`, content: renderOpenApi() },
];

export const generatedFiles = async (): Promise<GeneratedFile[]> => [
  ...generatedSchemaFiles(),
  { path: 'src/types/generated.ts', content: await renderTypes() },
  { path: REFERENCE_PATH, content: renderReference() },
];
