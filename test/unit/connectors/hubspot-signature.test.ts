import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { isValidHubSpotSignature, signHubSpot } from '../../../src/connectors/hubspot/hubspot-signature.js';

const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const now = new Date('2026-11-30T10:00:00Z');
const timestamp = String(now.getTime());
const body = Buffer.from('[{"eventId":1,"subscriptionType":"deal.creation","objectId":7,"occurredAt":1}]');

describe('HubSpot’s v3 signature', () => {
  it('is the base64 HMAC-SHA256 of method, URI, body and timestamp, as HubSpot documents it', () => {
    const uri = 'https://teammate.example.com/webhooks/hubspot';
    const expected = createHmac('sha256', SECRET).update(`POST${uri}${body.toString()}${timestamp}`).digest('base64');
    assert.equal(signHubSpot(SECRET, 'POST', uri, body.toString(), timestamp), expected);
  });

  it('holds for the URL the sender called, decoded as HubSpot decodes it, within five minutes', () => {
    const called = 'https://teammate.example.com/webhooks/hubspot?channel=slack%3AC0SALES';
    const signature = signHubSpot(
      SECRET,
      'POST',
      'https://teammate.example.com/webhooks/hubspot?channel=slack:C0SALES',
      body.toString(),
      timestamp,
    );
    const input = {
      method: 'POST',
      uris: ['http://teammate.example.com/webhooks/hubspot?channel=slack%3AC0SALES', called],
      body,
      signature,
      timestamp,
    };
    assert.equal(isValidHubSpotSignature(input, SECRET, now), true, 'behind a proxy that ends TLS, the https URL');
    assert.equal(isValidHubSpotSignature(input, 'another-secret', now), false);
    assert.equal(isValidHubSpotSignature({ ...input, body: Buffer.from(`${body} `) }, SECRET, now), false);
    assert.equal(isValidHubSpotSignature(input, SECRET, new Date(now.getTime() + 5 * 60_000 + 1)), false, 'stale');
    assert.equal(isValidHubSpotSignature({ ...input, timestamp: 'soon' }, SECRET, now), false);
    assert.equal(isValidHubSpotSignature({ ...input, signature: undefined }, SECRET, now), false);
  });
});

describe('a HubSpot task body', () => {
  it('is the plain text escaped, paragraph by paragraph: no markup or link of anyone’s survives', async () => {
    const { taskBody } = await import('../../../src/connectors/hubspot/hubspot-crm.js');
    assert.equal(
      taskBody('Hi <b>Ana</b> & team,\nsee <a href="https://evil.example">the contract</a>\n\nSuggested by Teammate.'),
      '<p>Hi &lt;b&gt;Ana&lt;/b&gt; &amp; team,<br>see &lt;a href="https://evil.example"&gt;the contract&lt;/a&gt;</p><p>Suggested by Teammate.</p>',
    );
  });
});
