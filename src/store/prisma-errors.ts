/** Prisma's "unique constraint failed" (P2002), recognised by code so it works for both generated clients. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

/**
 * What went wrong, in one line, out of Prisma's multi-line messages ("Invalid `prisma.x()` invocation: … Message:
 * `Can't reach database server at 127.0.0.1:5432`"): the quoted message when there is one, else the last line.
 */
export function prismaReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /Message: `([^`]+)`/.exec(message)?.[1];
  if (quoted) return quoted;
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.at(-1) ?? message;
}
