import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/log.js';
import { redactUrl } from '../../src/store/database-url.js';

describe('logs', () => {
  it('are JSON and never contain tokens or secrets', async () => {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const log = createLogger({ level: 'info', format: 'json', stream });
    log.info(
      {
        token: 'xoxb-secret-1',
        slack: { token: 'xoxb-secret-2', secret: 'signing-secret' },
        req: {
          headers: { authorization: 'Bearer eyJ-secret', 'x-slack-signature': 'v0=abc-secret', host: 'example.com' },
        },
        config: { slackBotToken: 'xoxb-secret-3', openaiApiKeyPassword: 'x' },
        openai: { apiKey: 'sk-secret' },
        database: redactUrl('postgres://root:hunter2@db:5432/teammate'),
      },
      'hello',
    );
    await new Promise((resolve) => setImmediate(resolve));
    const record = JSON.parse(out.trim());
    assert.equal(record.msg, 'hello');
    assert.equal(record.req.headers.host, 'example.com');
    assert.equal(record.database, 'postgres://root:***@db:5432/teammate');
    assert.ok(!/xoxb-|Bearer|v0=|sk-secret|signing-secret|hunter2/.test(out), out);
  });

  it('hide database passwords in URLs', () => {
    assert.equal(redactUrl('postgresql://u:p%40ss@h/db'), 'postgresql://u:***@h/db');
    assert.equal(redactUrl('postgres://u@h/db'), 'postgres://u@h/db');
    assert.equal(redactUrl('file:./data/teammate.db'), 'file:./data/teammate.db');
  });
});

describe('censor', () => {
  it('keeps counts that merely mention tokens', async () => {
    const { censor } = await import('../../src/log.js');
    assert.deepEqual(
      censor({ usage: { promptTokens: 12, tokens: 30 }, appToken: 'xapp-1', list: [{ clientSecret: 's' }] }),
      {
        usage: { promptTokens: 12, tokens: 30 },
        appToken: '[redacted]',
        list: [{ clientSecret: '[redacted]' }],
      },
    );
  });
});
