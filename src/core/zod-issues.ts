import type { z } from 'zod';

/** "rules.1.mode: expected one of auto|approve|deny; needs: too small" — names every field that is wrong. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
