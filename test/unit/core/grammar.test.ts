import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksLikeCommand, parseCommand, type TParsed } from '../../../src/core/commands/grammar.js';
import { tokenize } from '../../../src/core/commands/tokenize.js';
import { usage } from '../../../src/core/commands/usage.js';

const kinds = ['post_message', 'send_dm', 'add_reaction', 'pin_message', 'set_topic', 'schedule_message'];
const parse = (text: string) => parseCommand(text, kinds, 'local:general');
const command = (text: string) => {
  const parsed = parse(text);
  assert.ok(parsed.ok, `expected "${text}" to parse: ${parsed.ok ? '' : parsed.error}`);
  return parsed.command;
};
const options = (text: string) => {
  const parsed = command(text);
  assert.equal(parsed.name, 'policy set');
  return parsed.name === 'policy set' ? parsed.options : undefined;
};
const failure = (text: string): Extract<TParsed, { ok: false }> => {
  const parsed = parse(text);
  assert.equal(parsed.ok, false, `expected "${text}" to fail`);
  return parsed as Extract<TParsed, { ok: false }>;
};

describe('the /teammate grammar', () => {
  it('tokenizes quotes, including curly ones', () => {
    assert.deepEqual(tokenize('reject A-1 "not now" “or later”'), ['reject', 'A-1', 'not now', 'or later']);
  });

  it('help, status, why, undo, approve, reject', () => {
    assert.deepEqual(command(''), { name: 'help', topic: undefined });
    assert.deepEqual(command('help policy set'), { name: 'help', topic: 'policy set' });
    assert.deepEqual(command('status'), { name: 'status' });
    assert.deepEqual(command('why A-42'), { name: 'why', entryId: 42 });
    assert.deepEqual(command('undo a7'), { name: 'undo', entryId: 7 });
    assert.deepEqual(command('approve 3'), { name: 'approve', entryId: 3 });
    assert.deepEqual(command('reject A-3 too noisy for #general'), {
      name: 'reject',
      entryId: 3,
      reason: 'too noisy for #general',
    });
    assert.deepEqual(command('reject A-3'), { name: 'reject', entryId: 3, reason: undefined });
  });

  it('answers missing or wrong arguments with the usage of that subcommand', () => {
    assert.equal(failure('why').usage, usage.why);
    assert.match(failure('undo B-1').error, /not an action id/);
    assert.equal(failure('undo B-1').usage, usage.undo);
    assert.equal(failure('approve A-1 A-2').usage, usage.approve);
    assert.equal(failure('status now').usage, usage.status);
    assert.equal(failure('frobnicate').usage, usage.help);
    assert.equal(failure('policy').usage, usage['policy list']);
  });

  it('policy set with every option', () => {
    assert.deepEqual(
      command(
        'policy set post_message auto approvers=admins,@bob,@slack:U123,group:leads needs=2 self-approval=yes expires=2h on-expiry=escalate quiet=22:00-08:00 cap=10 in #eng',
      ),
      {
        name: 'policy set',
        kind: 'post_message',
        mode: 'auto',
        channel: 'local:eng',
        options: {
          approvers: ['admins', 'local:bob', 'slack:U123', 'group:leads'],
          needs: 2,
          'self-approval': true,
          expires: 7_200_000,
          'on-expiry': 'escalate',
          quiet: '22:00-08:00',
          cap: 10,
        },
      },
    );
    assert.deepEqual(options('policy set post_message in #eng auto needs=2'), { needs: 2 });
    assert.deepEqual(command('policy set * deny in here'), {
      name: 'policy set',
      kind: '*',
      mode: 'deny',
      channel: 'local:general',
      options: {},
    });
    assert.deepEqual(options('policy set pin_message approve quiet=off cap=off'), { quiet: 'off', cap: 'off' });
    assert.deepEqual(command('policy set pin_message approve in #slack:C42'), {
      name: 'policy set',
      kind: 'pin_message',
      mode: 'approve',
      channel: 'slack:C42',
      options: {},
    });
  });

  it('policy set names the field that is wrong', () => {
    const cases: [string, RegExp][] = [
      ['policy set post_message sometimes', /mode must be auto, approve or deny/],
      ['policy set launch_rockets auto', /unknown kind "launch_rockets"/],
      ['policy set post_message auto needs=0', /needs: /],
      ['policy set post_message auto needs=many', /needs: /],
      ['policy set post_message auto expires=soon', /expires: expected a duration/],
      ['policy set post_message auto quiet=late', /quiet: /],
      ['policy set post_message auto color=blue', /color/],
      ['policy set post_message auto needs', /is not an option/],
      ['policy set post_message', /give a kind \(or \*\) and a mode/],
      ['policy set post_message auto in', /in #channel/],
      ['policy set post_message auto in #a in #b', /one "in #channel"/],
      ['policy set post_message auto approvers=', /approvers: /],
    ];
    for (const [text, error] of cases) {
      const parsed = failure(text);
      assert.match(parsed.error, error, text);
      assert.equal(parsed.usage, usage['policy set'], text);
    }
  });

  it('policy reset, export, import, history', () => {
    assert.deepEqual(command('policy reset all'), { name: 'policy reset', target: 'all', channel: undefined });
    assert.deepEqual(command('policy reset post_message in #eng'), {
      name: 'policy reset',
      target: 'post_message',
      channel: 'local:eng',
    });
    assert.equal(failure('policy reset').usage, usage['policy reset']);
    assert.deepEqual(command('policy export'), { name: 'policy export', format: 'yaml' });
    assert.deepEqual(command('policy export json'), { name: 'policy export', format: 'json' });
    assert.equal(failure('policy export xml').usage, usage['policy export']);
    assert.deepEqual(command('policy import ```yaml\nversion: 1\nrules: []\n```'), {
      name: 'policy import',
      text: 'version: 1\nrules: []',
    });
    assert.equal(failure('policy import').usage, usage['policy import']);
    assert.deepEqual(command('policy history 5'), { name: 'policy history', limit: 5 });
    assert.equal(failure('policy history -1').usage, usage['policy history']);
  });

  it('admins, groups and time zones', () => {
    assert.deepEqual(command('admins'), { name: 'admins list' });
    assert.deepEqual(command('admins grant @slack:U9'), { name: 'admins grant', user: 'slack:U9' });
    assert.deepEqual(command('admins revoke @bob'), { name: 'admins revoke', user: 'local:bob' });
    assert.equal(failure('admins grant').usage, usage.admins);
    assert.deepEqual(command('group set leads @bob @carol'), {
      name: 'group set',
      group: 'leads',
      members: ['local:bob', 'local:carol'],
    });
    assert.deepEqual(command('group remove leads'), { name: 'group remove', group: 'leads' });
    assert.equal(failure('group set leads').usage, usage.group);
    assert.deepEqual(command('timezone Europe/Berlin'), { name: 'timezone', zone: 'Europe/Berlin' });
    assert.deepEqual(command('timezone'), { name: 'timezone', zone: undefined });
  });

  it('tells a command typed as a message from a question for the bot', () => {
    for (const text of [
      'policy list',
      'Policy set * approve',
      'status',
      'help',
      'why A-42',
      'undo A-3',
      'roundup now',
    ]) {
      assert.equal(looksLikeCommand(text), true, text);
    }
    for (const text of [
      'why did you do that?',
      'why?',
      "what's waiting for me?",
      'thanks!',
      '',
      'set post_message to auto',
    ]) {
      assert.equal(looksLikeCommand(text), false, text);
    }
  });

  it('people: link a person to tool identities, unlink, list; a Jira account id may hold a colon', () => {
    assert.deepEqual(command('people'), { name: 'people list' });
    assert.deepEqual(command('people link @ana github:ana-dev jira:557058:f58131cb-b67d-43c7-b30d-6b58d40bd077'), {
      name: 'people link',
      user: 'local:ana',
      identities: [
        { tool: 'github', id: 'ana-dev' },
        { tool: 'jira', id: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077' },
      ],
    });
    assert.deepEqual(command('people link @erin HubSpot:301'), {
      name: 'people link',
      user: 'local:erin',
      identities: [{ tool: 'hubspot', id: '301' }],
    });
    assert.deepEqual(command('people unlink github:ana-dev'), {
      name: 'people unlink',
      identities: [{ tool: 'github', id: 'ana-dev' }],
    });
    assert.match(failure('people link @ana gitlab:ana').error, /"gitlab:ana" is not an identity: write <tool>:<id>/);
    assert.match(failure('people link @ana').error, /name at least one identity/);
    assert.match(failure('people link github:ana-dev').error, /say whom to link first/);
    assert.equal(failure('people add @ana github:x').usage, usage.people);
  });
});
