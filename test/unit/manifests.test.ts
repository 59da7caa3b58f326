import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import AjvModule from 'ajv';
import { projectRoot } from '../helpers/process.js';

const schemas = join(projectRoot, '..', 'shared', 'fixtures', 'manifests', 'slack-manifest-schema');
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** Slack's official manifest schema (slackapi/manifest-schema), the version our manifest declares. */
function slackValidator() {
  // ajv is CommonJS: under nodenext its class is the default export's `default`.
  const Ajv = AjvModule.default;
  const ajv = new Ajv({ strict: false, allErrors: true });
  return ajv.compile(json(join(schemas, 'schemas_manifest.schema.1.0.0.json')));
}

describe('the Slack app manifest', () => {
  it('validates against the official schema, which itself rejects its own invalid example', () => {
    const validate = slackValidator();
    assert.equal(
      validate(json(join(schemas, 'tests_manifests_v1_manifest.invalid.json'))),
      false,
      'the schema must be able to fail',
    );
    const manifest = json(join(projectRoot, 'manifests', 'slack.json'));
    assert.equal(validate(manifest), true, JSON.stringify(validate.errors, null, 2));
  });

  it('has a Socket Mode twin that differs only in how Slack reaches the bot', () => {
    const validate = slackValidator();
    const http = json(join(projectRoot, 'manifests', 'slack.json'));
    const socket = json(join(projectRoot, 'manifests', 'slack-socket-mode.json'));
    assert.equal(validate(socket), true, JSON.stringify(validate.errors, null, 2));
    assert.equal(socket.settings.socket_mode_enabled, true);
    assert.equal(http.settings.socket_mode_enabled, false);
    const strip = (m: typeof http) => {
      const copy = structuredClone(m);
      delete copy.features.slash_commands[0].url;
      delete copy.settings.event_subscriptions.request_url;
      delete copy.settings.interactivity.request_url;
      delete copy.settings.socket_mode_enabled;
      delete copy.display_information.name;
      return copy;
    };
    assert.deepEqual(strip(socket), strip(http));
  });

  it('declares the one command, the events and the scopes the bot uses', () => {
    const manifest = json(join(projectRoot, 'manifests', 'slack.json'));
    assert.deepEqual(
      manifest.features.slash_commands.map((c: { command: string }) => c.command),
      ['/teammate'],
    );
    assert.equal(
      manifest.features.slash_commands[0].should_escape,
      true,
      'mentions arrive as <@U…> ids, which the command parser expects',
    );
    for (const scope of ['chat:write', 'commands', 'reactions:write', 'pins:write', 'channels:manage', 'im:write']) {
      assert.ok(manifest.oauth_config.scopes.bot.includes(scope), scope);
    }
    for (const event of [
      'message.channels',
      'app_mention',
      'reaction_added',
      'member_joined_channel',
      'app_home_opened',
    ]) {
      assert.ok(manifest.settings.event_subscriptions.bot_events.includes(event), event);
    }
    const url = manifest.settings.event_subscriptions.request_url;
    assert.equal(manifest.settings.interactivity.request_url, url, 'events, interactivity and commands share one URL');
    assert.equal(manifest.features.slash_commands[0].url, url);
  });
});
