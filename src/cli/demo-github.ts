import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * For `npm run demo` only: a stand-in for the few GitHub REST calls Teammate makes (read an issue, replace its
 * assignees, comment, delete the comment, list its events), so the week runs offline and shows what GitHub would
 * receive. It answers with the fields Teammate reads; the tests use a fuller fake checked against GitHub's OpenAPI
 * description (test/kit/fake-github.ts).
 */
export async function startDemoGitHub(say: (line: string) => void) {
  const issues = new Map<string, { title: string; assignees: string[] }>();
  let nextComment = 1;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body =
        chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      const path = new URL(req.url ?? '/', 'http://github').pathname;
      const issue = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)(\/comments|\/events)?$/.exec(path);
      const comment = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(path);
      const answer = (status: number, value?: unknown) =>
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(value === undefined ? '' : JSON.stringify(value));
      const key = issue ? `${issue[1]}#${issue[2]}` : '';
      const found = issues.get(key);
      const view = () => ({
        number: Number(issue?.[2]),
        title: found?.title,
        state: 'open',
        html_url: `https://github.com/${issue?.[1]}/issues/${issue?.[2]}`,
        assignees: found?.assignees.map((login) => ({ login })),
      });
      if (comment && req.method === 'DELETE') {
        say(`(GitHub: comment ${comment[2]} deleted)`);
        return answer(204);
      }
      if (!issue || !found) return answer(404, { message: 'Not Found' });
      if (issue[3] === '/events') return answer(200, []);
      if (issue[3] === '/comments' && req.method === 'POST') {
        say(`(GitHub: comment on ${key}: “${String(body.body)}”)`);
        return answer(201, { id: nextComment++, body: body.body });
      }
      if (req.method === 'PATCH' && Array.isArray(body.assignees)) {
        say(
          `(GitHub: ${key} assignees ${found.assignees.join(', ') || 'nobody'} → ${body.assignees.join(', ') || 'nobody'})`,
        );
        found.assignees = body.assignees.map(String);
      }
      return answer(200, view());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** An issue as it is on GitHub when the week starts. */
    put: (issue: string, title: string, assignees: string[]) => issues.set(issue, { title, assignees }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
