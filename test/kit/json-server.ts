import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TJsonRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  params: string[];
};
export type TJsonAnswer = { status: number; body?: unknown; headers?: Record<string, string> };
type TRoute = { method: string; path: RegExp; answer(req: TJsonRequest): TJsonAnswer };
/** A fault for the next matching requests: answered instead of the route, `times` times. */
type TFault = { method?: string; path?: RegExp; answer: TJsonAnswer; times: number };

/**
 * A plain node:http server for the fakes of tools' REST APIs (GitHub, Jira, HubSpot): routes by method and path,
 * every request recorded with its parsed JSON body, and faults injected ahead of the routes (a revoked token, a
 * rate limit, a server error) for as many calls as a test says.
 */
export async function startJsonServer(routes: TRoute[]) {
  const requests: TJsonRequest[] = [];
  const answers: { request: TJsonRequest; answer: TJsonAnswer }[] = [];
  const faults: TFault[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {}
      const method = req.method ?? 'GET';
      const base = { method, path: url.pathname, query: url.searchParams, headers: req.headers, body, params: [] };
      requests.push(base);
      const fault = faults.find(
        (f) => f.times > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(url.pathname)),
      );
      let answer: TJsonAnswer;
      if (fault) {
        fault.times--;
        answer = fault.answer;
      } else {
        const route = routes.find((r) => r.method === method && r.path.test(url.pathname));
        const match = route?.path.exec(url.pathname);
        answer =
          route && match
            ? route.answer({ ...base, params: match.slice(1) })
            : { status: 404, body: { message: 'Not Found' } };
      }
      answers.push({ request: base, answer });
      const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
      res
        .writeHead(answer.status, {
          ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}),
          ...answer.headers,
        })
        .end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answers,
    /** The next `times` requests matching answer this instead. */
    fail(answer: TJsonAnswer, match: { method?: string; path?: RegExp } = {}, times = 1) {
      faults.push({ ...match, answer, times });
    },
    /** Requests other than reads, as `METHOD path`. */
    changes: () => requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type TJsonServer = Awaited<ReturnType<typeof startJsonServer>>;
