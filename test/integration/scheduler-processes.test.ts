import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { z } from 'zod';
import { createTestDatabase } from '../helpers/databases.js';
import { runScript } from '../helpers/process.js';

const script = fileURLToPath(new URL('../helpers/scheduler-process.ts', import.meta.url));
const ZReport = z.object({
  owner: z.string(),
  started: z.coerce.date(),
  stopped: z.coerce.date(),
  ran: z.array(z.string()),
});

async function runProcess(url: string, ms: number): Promise<z.infer<typeof ZReport>> {
  return ZReport.parse(JSON.parse(await runScript(script, [url, String(ms)])));
}

test('two processes on one PostgreSQL run each slot of a job exactly once', async () => {
  const db = await createTestDatabase('postgres');
  try {
    const [a, b] = await Promise.all([runProcess(db.url, 4000), runProcess(db.url, 4000)]);
    const all = [...a.ran, ...b.ran];
    assert.equal(new Set(all).size, all.length, `a slot ran twice: ${JSON.stringify({ a: a.ran, b: b.ran })}`);
    // Every whole second both processes were up for was run by one of them.
    const from = Math.ceil(Math.max(a.started.getTime(), b.started.getTime()) / 1000) * 1000;
    const to = Math.floor(Math.min(a.stopped.getTime(), b.stopped.getTime()) / 1000) * 1000 - 1000;
    assert.ok(to - from >= 1000, 'the two processes overlapped for at least two slots');
    for (let slot = from; slot <= to; slot += 1000) {
      assert.ok(all.includes(new Date(slot).toISOString()), `nobody ran ${new Date(slot).toISOString()}`);
    }
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ status: string; owner: string }>(
      `SELECT "status", "owner" FROM "JobRun" WHERE "job" = 'every-second'`,
    );
    await client.end();
    assert.equal(rows.length, all.length, 'one claim row per slot run');
    assert.ok(rows.every((r) => r.status === 'done'));
    assert.deepEqual(
      new Set(rows.map((r) => r.owner)),
      new Set([a.owner, b.owner].filter((o) => rows.some((r) => r.owner === o))),
    );
  } finally {
    await db.destroy();
  }
});
