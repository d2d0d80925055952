/** The most characters of a secret that redaction ever shows. */
export const REDACT_MAX_PREFIX = 8;
export const REDACT_MASK = '*'.repeat(8);

/** Keeps a short prefix (at most a quarter of the secret, at most 8 characters, never past a line break). */
export function redact(secret: string): string {
  let keep = Math.min(REDACT_MAX_PREFIX, Math.floor(secret.length / 4));
  const nl = secret.search(/[\r\n]/);
  if (nl !== -1 && nl < keep) keep = nl;
  return secret.slice(0, keep) + REDACT_MASK;
}

/** Replaces every occurrence of `secret` (or of each of its lines) in `text` with its redacted form. */
export function redactIn(text: string, secret: string): string {
  const parts = secret.split(/\r?\n/).filter((p) => p.length >= 4);
  let out = text.split(secret).join(redact(secret));
  for (const p of parts) out = out.split(p).join(redact(p));
  return out;
}
