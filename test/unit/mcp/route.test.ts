import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import express from 'express';
import type { CoreDeps } from '../../../src/core/deps.js';
import { silentLogger } from '../../../src/core/logger.js';
import { mountMcp } from '../../../src/mcp/route.js';

// The door of /mcp alone: what it answers before any tool runs.
describe('the /mcp route', () => {
  it('a database it cannot reach is 503 with when to retry, not a misleading 401', async () => {
    const counted: string[] = [];
    const deps = {
      settings: { agents: [], runtime: { version: 'test', database: 'SQLite', startedAt: new Date() } },
      stores: {
        agents: {
          byTokenHash: async () => {
            throw new Error('SQLITE_CANTOPEN');
          },
        },
      },
      log: silentLogger,
    } as unknown as CoreDeps;
    const app = express();
    mountMcp(app, { deps, requestsPerMinute: 30, metrics: { request: (outcome) => counted.push(outcome) } });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: 'Bearer some-token-0123456789abcdef', 'content-type': 'application/json' },
        body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
      });
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('retry-after'), '5');
      assert.match(((await response.json()) as { error: string }).error, /cannot reach its database/);
      assert.deepEqual(counted, [], 'neither an unauthorized request nor a served one');
      const anonymous = await fetch(url, { method: 'POST', body: '{}' });
      assert.equal(anonymous.status, 401);
      assert.deepEqual(counted, ['unauthorized']);
    } finally {
      server.close();
    }
  });
});
