// Durations as people type them: "90s", "15m", "2h", "1d", "1h30m".
const units = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const pattern = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Milliseconds, or undefined when the text is not a positive duration. */
export function parseDuration(text: string): number | undefined {
  const match = pattern.exec(text.trim().toLowerCase());
  if (!match || match.slice(1).every((part) => part === undefined)) return undefined;
  const [, w, d, h, m, s] = match.map((part) => Number(part ?? 0));
  const ms = (w ?? 0) * units.w + (d ?? 0) * units.d + (h ?? 0) * units.h + (m ?? 0) * units.m + (s ?? 0) * units.s;
  return ms > 0 ? ms : undefined;
}

/** The shortest exact spelling: 5400000 → "1h30m". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))}ms`;
  let rest = Math.round(ms / 1_000) * 1_000;
  let out = '';
  for (const [unit, size] of [
    ['d', units.d],
    ['h', units.h],
    ['m', units.m],
    ['s', units.s],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * size;
  }
  return out;
}
