import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration from the environment', () => {
  it('runs locally with nothing set: SQLite, port 3000, alice as the local admin', () => {
    const config = loadConfig({ TEAMMATE_TIMEZONE: 'UTC' });
    assert.equal(config.databaseUrl, 'file:./data/teammate.db');
    assert.equal(config.port, 3000);
    assert.deepEqual(config.admins, ['alice']);
    assert.equal(config.unansweredAfterMs, 3_600_000);
    assert.equal(config.localChat, 'auto');
    assert.deepEqual(config.unusedCredentials, []);
    assert.ok(Object.isFrozen(config));
  });

  it('reads every documented variable; blank means unset', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://root@127.0.0.1:5432/test',
      TEAMMATE_ADMINS: ' U1, U2 ,,',
      TEAMMATE_UNANSWERED_AFTER: '90s',
      TEAMMATE_TIMEZONE: 'Europe/Berlin',
      TEAMMATE_LOCAL_CHAT: 'off',
      LOG_LEVEL: '',
      SLACK_BOT_TOKEN: 'xoxb-1',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.databaseUrl, 'postgres://root@127.0.0.1:5432/test');
    assert.deepEqual(config.admins, ['U1', 'U2']);
    assert.equal(config.unansweredAfterMs, 90_000);
    assert.equal(config.timeZone, 'Europe/Berlin');
    assert.equal(config.localChat, 'off');
    assert.equal(config.log.level, 'info');
    assert.deepEqual(config.unusedCredentials, ['SLACK_BOT_TOKEN']);
  });

  it('names every variable that is wrong', () => {
    assert.throws(
      () =>
        loadConfig({
          PORT: 'eighty',
          DATABASE_URL: 'mysql://x',
          TEAMMATE_UNANSWERED_AFTER: 'soon',
          TEAMMATE_TIMEZONE: 'Mars/Base',
          LOG_LEVEL: 'loud',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        for (const name of ['PORT', 'DATABASE_URL', 'TEAMMATE_UNANSWERED_AFTER', 'TEAMMATE_TIMEZONE', 'LOG_LEVEL']) {
          assert.match(error.message, new RegExp(`${name}: `));
        }
        return true;
      },
    );
  });
});
