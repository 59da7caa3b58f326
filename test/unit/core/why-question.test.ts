import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isQuestion } from '../../../src/core/detectors/unanswered-question.js';
import { isWhyQuestion } from '../../../src/core/pipeline.js';
import { fromLocalText } from '../../../src/platforms/local/render.js';
import { fromSlackText } from '../../../src/platforms/slack/inbound-text.js';

describe('what counts as a question', () => {
  it('"why?" addressed to the bot, read from what the adapter parsed', () => {
    for (const text of [
      'why did you do that?',
      'Why?',
      'why',
      '@teammate why?',
      '@teammate why did you post this',
      'but why would you ping everyone',
    ]) {
      assert.equal(isWhyQuestion(fromLocalText(text), 'local:teammate'), true, text);
    }
    assert.equal(isWhyQuestion(fromSlackText('<@U1> why'), 'slack:U1'), true, 'a Slack mention of the bot');
    for (const text of ['Why is the build red?', 'why not ship it tomorrow', 'I wonder why', '@bob why?', 'whyever']) {
      assert.equal(isWhyQuestion(fromLocalText(text), 'local:teammate'), false, text);
    }
    assert.equal(isWhyQuestion(fromSlackText('<@U1> why'), 'slack:U2'), false, 'someone else addressed, not the bot');
  });

  it('a question the unanswered-question detector watches', () => {
    for (const text of ['Where is the runbook?', 'anyone? ', 'is it down? :thinking_face:'])
      assert.equal(isQuestion(text), true, text);
    for (const text of ['?', 'The runbook is in the wiki.', 'What? No. It is fine.'])
      assert.equal(isQuestion(text), false, text);
  });
});
