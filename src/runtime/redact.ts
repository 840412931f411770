/** Secrets never leave in a message: every known secret value is replaced before text is shown. */
export const REDACTED = '[redacted]';

export const redact = (text: string, secrets: readonly (string | undefined)[]): string => {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out;
};
