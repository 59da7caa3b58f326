import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TFeedRoute = (req: IncomingMessage, res: ServerResponse) => void;

/** An HTTP server for calendar feeds: each path answers as its route says; requests are recorded. */
export async function startFeedServer(routes: Record<string, TFeedRoute>): Promise<{
  url(path: string): string;
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}> {
  const requests: { path: string; headers: IncomingMessage['headers'] }[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    const route = routes[path];
    if (route) route(req, res);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An iCalendar feed served with an ETag, answering 304 when the client already has it. */
export function icsRoute(body: () => string): TFeedRoute {
  return (req, res) => {
    const text = body();
    const etag = `"${Buffer.from(text).length}-${text.length % 97}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', etag }).end(text);
  };
}

/** A weekly meeting with attendees, starting `weeksBefore` weeks before `monday`, every Monday at 10:00 UTC. */
export function weeklyMeeting(options: {
  uid: string;
  title: string;
  start: string;
  attendees: Record<string, 'ACCEPTED' | 'DECLINED' | 'NEEDS-ACTION' | 'TENTATIVE'>;
  extra?: string[];
}): string {
  const stamp = options.start.replace(/[-:]/g, '').replace(/\.\d+/, '');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Teammate tests//EN',
    'BEGIN:VEVENT',
    `UID:${options.uid}`,
    `DTSTAMP:${stamp}`,
    `DTSTART:${stamp}`,
    'DURATION:PT30M',
    'RRULE:FREQ=WEEKLY;BYDAY=MO',
    `SUMMARY:${options.title}`,
    'ORGANIZER;CN=Alice:mailto:alice@example.com',
    ...Object.entries(options.attendees).map(
      ([name, partstat]) => `ATTENDEE;CN=${name};PARTSTAT=${partstat}:mailto:${name.toLowerCase()}@example.com`,
    ),
    'END:VEVENT',
    ...(options.extra ?? []),
    'END:VCALENDAR',
  ].join('\r\n');
}
