import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectorHttp } from '../../../src/connectors/connector-http.js';
import { AppError } from '../../../src/core/errors.js';

// The tool's server is out of reach here: `fetch` answers from a script, one answer per call, and counts the calls.
function scripted(answers: (Response | Error)[]) {
  const calls: string[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push(`${init?.method ?? 'GET'} ${String(input)}`);
    const next = answers.shift();
    if (!next) throw new Error('no answer scripted');
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch, calls };
}
const now = () => new Date('2026-11-30T10:00:00Z');
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('one HTTP layer for every connector', () => {
  it('waits out a 429 with Retry-After and tries again', async () => {
    const tool = scripted([json(429, { message: 'slow down' }, { 'retry-after': '0' }), json(200, { ok: true })]);
    const http = new ConnectorHttp({ label: 'Jira', tokenVariable: 'JIRA_API_TOKEN', fetch: tool.fetch, now });
    const response = await http.fetch('https://jira.test/a', { method: 'POST' });
    assert.equal(response.status, 200);
    assert.equal(tool.calls.length, 2, 'a rate-limited POST was not processed, so it is sent again');
    assert.deepEqual(http.health().okAt, now());
  });

  it('tells GitHub’s rate limits (403 with x-ratelimit-remaining 0, or a secondary limit) from a missing permission', async () => {
    const reset = String(now().getTime() / 1000);
    const limited = scripted([
      json(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }),
      json(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '0' }),
      json(200, {}),
    ]);
    const http = new ConnectorHttp({ label: 'GitHub', tokenVariable: 'GITHUB_TOKEN', fetch: limited.fetch, now });
    assert.equal((await http.fetch('https://api.github.test/x', { method: 'PATCH' })).status, 200);
    assert.equal(limited.calls.length, 3);

    const forbidden = scripted([json(403, { message: 'Resource not accessible by personal access token' })]);
    const strict = new ConnectorHttp({ label: 'GitHub', tokenVariable: 'GITHUB_TOKEN', fetch: forbidden.fetch, now });
    const answer = await strict.fetch('https://api.github.test/x', { method: 'PATCH' });
    assert.equal(forbidden.calls.length, 1, 'a missing permission is not retried');
    const error = await strict.failure(answer, 'acme/api#1');
    assert.match(error.userMessage, /^GitHub refused \(403\): the token may not change acme\/api#1/);
    assert.equal(strict.health().error?.message, error.userMessage);
  });

  it('a limit that lifts later than it will wait fails at once, saying when it lifts', async () => {
    const tool = scripted([json(429, {}, { 'retry-after': '3600' })]);
    const http = new ConnectorHttp({ label: 'HubSpot', tokenVariable: 'HUBSPOT_ACCESS_TOKEN', fetch: tool.fetch, now });
    const answer = await http.fetch('https://hubspot.test/x');
    assert.equal(tool.calls.length, 1);
    assert.equal(
      (await http.failure(answer, 'deal 7')).userMessage,
      'HubSpot is rate-limiting Teammate (429); it lifts at 2026-11-30 11:00 UTC',
    );
  });

  it('retries a 503 on a read, never on a POST (it may have taken effect)', async () => {
    const reads = scripted([json(503, {}), json(200, {})]);
    const http = new ConnectorHttp({ label: 'Jira', tokenVariable: 'JIRA_API_TOKEN', fetch: reads.fetch, now });
    assert.equal((await http.fetch('https://jira.test/issue')).status, 200);
    const posts = scripted([json(503, {})]);
    const once = new ConnectorHttp({ label: 'Jira', tokenVariable: 'JIRA_API_TOKEN', fetch: posts.fetch, now });
    const answer = await once.fetch('https://jira.test/comment', { method: 'POST' });
    assert.equal(posts.calls.length, 1);
    assert.equal((await once.failure(answer, 'PLAT-1')).userMessage, 'Jira is failing (503); try again later');
  });

  it('says a revoked token, a missing record and an unreachable server in words', async () => {
    const http = new ConnectorHttp({
      label: 'GitHub',
      tokenVariable: 'GITHUB_TOKEN',
      fetch: scripted([new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') })]).fetch,
      now,
    });
    assert.match(
      (await http.failure(json(401, { message: 'Bad credentials' }), 'acme/api#1')).userMessage,
      /^GitHub refused the token \(401\): it is wrong, expired or revoked; set a new GITHUB_TOKEN$/,
    );
    assert.match(
      (await http.failure(json(404, { message: 'Not Found' }), 'acme/private#3')).userMessage,
      /^GitHub cannot find acme\/private#3 \(404\): .*the token cannot see it/,
    );
    assert.match(
      (await http.failure(json(400, { errorMessages: ['Field assignee cannot be set'] }), 'PLAT-1')).userMessage,
      /\(400\): Field assignee cannot be set$/,
    );
    const unreachable = await http.fetch('https://api.github.test/x', { method: 'POST' }).catch((e: unknown) => e);
    assert.ok(unreachable instanceof AppError);
    assert.equal(unreachable.userMessage, 'GitHub could not be reached (connect ECONNREFUSED 127.0.0.1:9)');
  });
});
