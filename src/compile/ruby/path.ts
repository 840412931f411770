/**
 * A contract path (`/integrations/{integration_uuid}/commands`) as the Ruby string of a request
 * relative to `base_uri`, each placeholder filled from the input (or the Ruby expression given) and
 * URL-encoded.
 */
export const rubyPath = (template: string, expressions: Record<string, string> = {}): string => {
  const filled = template
    .replace(/^\//, '')
    .replace(/\{(\w+)\}/g, (_, field: string) => `#{${expressions[field] ?? `input['${field}']`}.to_s.encode_url}`);
  return filled.includes('#{') ? `"${filled}"` : `'${filled}'`;
};
