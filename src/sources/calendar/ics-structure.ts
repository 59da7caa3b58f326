/** A feed that cannot be used, with the line where the problem is when there is one. */
export class CalendarError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}

const SINGLE = new Set(['DTSTART', 'DTEND', 'UID', 'DURATION', 'RECURRENCE-ID']);

/**
 * Checks the shape of an iCalendar text before the parser sees it, so that an error can name its line: it must
 * start with BEGIN:VCALENDAR (a web page or an error message does not), BEGIN and END nest, the text is not cut
 * off, and an event does not repeat a property that may appear once. Anything else the parser may tolerate, as
 * calendar apps do.
 */
export function checkStructure(text: string): void {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first === -1) throw new CalendarError('the feed is empty');
  const head = (lines[first] ?? '').trim();
  if (head.toUpperCase() !== 'BEGIN:VCALENDAR') {
    const looksLikeHtml = /^<(?:!doctype|html|head|body)/i.test(head);
    throw new CalendarError(
      looksLikeHtml
        ? 'this is a web page, not an iCalendar feed (check the URL: it may need a secret address or a login)'
        : `expected BEGIN:VCALENDAR, found "${head.slice(0, 60)}"`,
      first + 1,
    );
  }
  const stack: { name: string; seen: Set<string> }[] = [];
  for (let i = first; i < lines.length; i++) {
    // Some exporters indent the first line; after it, a leading space or tab means a folded continuation.
    const line = i === first ? (lines[i] ?? '').trim() : (lines[i] ?? '');
    if (line.trim() === '') continue;
    if (line.startsWith(' ') || line.startsWith('\t')) continue; // a folded continuation
    const number = i + 1;
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const name = (line.slice(0, colon).split(';')[0] ?? '').toUpperCase();
    const value = line
      .slice(colon + 1)
      .trim()
      .toUpperCase();
    if (name === 'BEGIN') stack.push({ name: value, seen: new Set() });
    else if (name === 'END') {
      const open = stack.pop();
      if (open?.name !== value)
        throw new CalendarError(`END:${value} does not close ${open ? `BEGIN:${open.name}` : 'anything'}`, number);
    } else {
      const current = stack.at(-1);
      if (current && (current.name === 'VEVENT' || current.name === 'VTODO') && SINGLE.has(name)) {
        if (current.seen.has(name)) throw new CalendarError(`a second ${name} in one ${current.name}`, number);
        current.seen.add(name);
      }
    }
  }
  const open = stack.at(-1);
  if (open) {
    const last = lines.findLastIndex((l) => l.trim() !== '') + 1;
    throw new CalendarError(`the feed ends inside BEGIN:${open.name} (cut off?)`, last);
  }
}
