import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { configuredPlatforms, resolveRouting } from '../../src/routing.js';

const SLACK = {
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: 'secret',
};

describe('routing: where bare ids and deliveries go', () => {
  it('runs the local chat alone without credentials, and beside Slack only when someone uses it', () => {
    assert.deepEqual(configuredPlatforms(loadConfig({}), false), ['local']);
    assert.deepEqual(configuredPlatforms(loadConfig(SLACK), false), ['slack']);
    assert.deepEqual(configuredPlatforms(loadConfig(SLACK), true), ['slack', 'local']);
  });

  it('reads bare ids on the one platform that runs, and keeps keys as written', () => {
    const config = loadConfig({
      ...SLACK,
      TEAMMATE_ADMINS: 'U0ALICE, slack:U0BOB',
      TEAMMATE_DEFAULT_CHANNEL: '#C0GENERAL',
      TEAMMATE_WEBHOOK_CHANNEL_JIRA_CLOUD: 'C0ENG',
      TEAMMATE_CALENDARS: 'https://cal.example/team.ics; ./ops.ics #C0OPS',
    });
    // With the local chat beside Slack, bare ids still mean Slack: the local chat is the guest.
    const routing = resolveRouting(config, ['slack', 'local']);
    assert.deepEqual(routing.admins, ['slack:U0ALICE', 'slack:U0BOB']);
    assert.equal(routing.defaultChannel, 'slack:C0GENERAL');
    assert.equal(routing.sourceChannels.get('jira-cloud'), 'slack:C0ENG');
    assert.equal(routing.sourceChannels.get('jira_cloud'), 'slack:C0ENG');
    assert.deepEqual(routing.calendars, [
      { source: 'https://cal.example/team.ics', channel: 'slack:C0GENERAL' },
      { source: './ops.ics', channel: 'slack:C0OPS' },
    ]);
    assert.deepEqual(routing.warnings, []);
    assert.deepEqual(routing.channel('local:general'), { channel: 'local:general' });
    assert.deepEqual(routing.channel('general', 'local'), { channel: 'local:general' });
    assert.deepEqual(routing.channel('C0X'), { channel: 'slack:C0X' });
  });

  it('sends the local chat’s calendar feeds to #general when nothing else is said', () => {
    const routing = resolveRouting(loadConfig({ TEAMMATE_CALENDARS: './team.ics', TEAMMATE_ADMINS: 'alice' }), [
      'local',
    ]);
    assert.deepEqual(routing.calendars, [{ source: './team.ics', channel: 'local:general' }]);
    assert.deepEqual(routing.admins, ['local:alice']);
  });

  it('with several platforms, a bare admin is read on the first with a warning, and a bare target stops the start', () => {
    const admins = resolveRouting(loadConfig({ ...SLACK, TEAMMATE_ADMINS: 'U0ALICE' }), ['slack', 'teams']);
    assert.deepEqual(admins.admins, ['slack:U0ALICE']);
    assert.deepEqual(admins.warnings, [
      'TEAMMATE_ADMINS: "U0ALICE" names no platform; read as slack:U0ALICE (write it as a key)',
    ]);
    assert.throws(
      () => resolveRouting(loadConfig({ ...SLACK, TEAMMATE_DEFAULT_CHANNEL: 'C0GENERAL' }), ['slack', 'teams']),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message ===
          'invalid configuration: TEAMMATE_DEFAULT_CHANNEL: "C0GENERAL" names no platform and several run here (slack, teams); write it as a key, such as slack:C0GENERAL',
    );
    const both = resolveRouting(loadConfig({ ...SLACK, TEAMMATE_DEFAULT_CHANNEL: 'teams:19:abc' }), ['slack', 'teams']);
    assert.equal(both.defaultChannel, 'teams:19:abc');
    const placed = both.channel('C0X');
    assert.ok('error' in placed && /names no platform and several run here/.test(placed.error));
  });

  it('refuses a target on a platform that does not run, naming the variable', () => {
    const refusal = (pattern: RegExp) => (error: unknown) =>
      error instanceof ConfigError && pattern.test(error.message);
    assert.throws(
      () => resolveRouting(loadConfig({ ...SLACK, TEAMMATE_WEBHOOK_CHANNEL_TASKS: 'local:general' }), ['slack']),
      refusal(
        /^invalid configuration: TEAMMATE_WEBHOOK_CHANNEL_TASKS: local:general is on local, which is not running here \(running: slack\)$/,
      ),
    );
    assert.throws(
      () => resolveRouting(loadConfig({ ...SLACK, TEAMMATE_CALENDARS: './team.ics' }), ['slack']),
      refusal(/TEAMMATE_CALENDARS: say which channel \.\/team\.ics goes to/),
    );
  });

  it('warns when a chat platform runs with nobody allowed to approve', () => {
    assert.match(resolveRouting(loadConfig(SLACK), ['slack']).warnings.join('\n'), /TEAMMATE_ADMINS is empty/);
    assert.deepEqual(resolveRouting(loadConfig({}), ['local']).warnings, []);
  });
});
