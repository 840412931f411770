/** Every generated file committed to the repository, with the text it must have. */
import { renderSchemaFile, schemaFiles } from './schemas';
import { renderTypes } from './types';

export interface GeneratedFile {
  /** Relative to the package root. */
  path: string;
  content: string;
}

export const generatedFiles = async (): Promise<GeneratedFile[]> => [
  ...schemaFiles().map((f) => ({ path: `schemas/${f.file}`, content: renderSchemaFile(f) })),
  { path: 'src/types/generated.ts', content: await renderTypes() },
];
