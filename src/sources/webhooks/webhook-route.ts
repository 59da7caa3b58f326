import { createHash } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { sourceVariable } from '../../config.js';
import { platformOf } from '../../core/identity.js';
import type { Logger } from '../../core/logger.js';
import type { TSignal } from '../../core/signal.js';
import type { SourceType, TRawDelivery, TSourceEvent } from '../../core/source-type.js';
import { formatIssues } from '../../core/zod-issues.js';
import type { TRouting } from '../../routing.js';
import { isValidSignature } from './signature.js';

export type TWebhookDeps = {
  /** Source name → its type, as TEAMMATE_WEBHOOK_SOURCES configures them. */
  sources: ReadonlyMap<string, SourceType>;
  /** Source name → its secret, and the shared one for the rest. */
  secrets: ReadonlyMap<string, string>;
  sharedSecret?: string;
  routing: Pick<TRouting, 'channel' | 'sourceChannels' | 'defaultChannel'>;
  receive(signal: TSignal): Promise<'queued' | 'duplicate'>;
  now(): Date;
  log: Logger;
};

const MAX_BODY = '256kb';

function reply(res: Response, status: number, error: string, message: string): void {
  res.status(status).json({ error, message });
}

/** The URLs a sender may have signed (HubSpot signs the URL it called): as the request names it, and over https. */
function calledUrls(req: Request): string[] {
  const host = req.header('x-forwarded-host') ?? req.header('host') ?? 'localhost';
  const proto = req.header('x-forwarded-proto')?.split(',')[0]?.trim() ?? req.protocol;
  return [...new Set([`${proto}://${host}${req.originalUrl}`, `https://${host}${req.originalUrl}`])];
}

/**
 * `POST /webhooks/:source`: the raw body is checked against its signature before anything is parsed or stored
 * (Teammate's `X-Teammate-Signature`, or the tool's own for GitHub, Jira and HubSpot); a valid body is read by its
 * source type and becomes signals in the durable inbox (ids from the delivery id the sender gives, or the body's
 * hash, so a redelivery is recognised). Its channel is the delivery's own (`channel` in the body or the query),
 * else the source's, else the default one.
 */
export function mountWebhooks(app: express.Express, deps: TWebhookDeps): void {
  app.post(
    '/webhooks/:source',
    express.raw({ type: () => true, limit: MAX_BODY }),
    async (req: Request<{ source: string }>, res: Response) => {
      const source = req.params.source.toLowerCase();
      const type = deps.sources.get(source);
      if (!type) return reply(res, 404, 'unknown_source', `no webhook source "${source}" is configured`);
      const { wire } = type;
      const secret = deps.secrets.get(source) ?? (wire?.ownSecretOnly ? undefined : deps.sharedSecret);
      if (!secret) {
        deps.log.warn({ source, ip: req.ip }, 'webhook refused: no secret is configured for it');
        return reply(
          res,
          401,
          'not_configured',
          wire
            ? `${wire.label} is not configured: set ${wire.setup}`
            : `webhooks are not configured: set TEAMMATE_WEBHOOK_SECRET (or ${sourceVariable('SECRET', source)} for this source)`,
        );
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const raw: TRawDelivery = { method: req.method, urls: calledUrls(req), header: (name) => req.header(name), body };
      const valid = wire
        ? await wire.verify(raw, secret, deps.now()).catch(() => false)
        : isValidSignature(body, req.header('x-teammate-signature'), secret);
      if (!valid) {
        deps.log.warn({ source, ip: req.ip }, 'webhook refused: bad or missing signature');
        const header = wire?.signatureHeader ?? 'X-Teammate-Signature';
        return reply(res, 401, 'bad_signature', `the ${header} header does not match the body`);
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        return reply(res, 400, 'invalid_json', 'the body is not JSON');
      }
      const parsed = type.body.safeParse(wire ? wire.envelope(raw, json) : json);
      if (!parsed.success) {
        const input = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
        return reply(res, 400, 'invalid_body', formatIssues(parsed.error, { input }));
      }
      const fields = parsed.data;
      const ignored = type.ignored?.(fields);
      if (ignored) {
        deps.log.info({ source, reason: ignored }, 'webhook ignored');
        return res.status(202).json({ status: 'ignored', message: ignored });
      }
      // Every type's body carries the routing fields, read alike for all of them.
      const named = fields.channel ?? (typeof req.query.channel === 'string' ? req.query.channel : undefined);
      const placed = named
        ? deps.routing.channel(named, fields.platform)
        : (() => {
            const channel = deps.routing.sourceChannels.get(source) ?? deps.routing.defaultChannel;
            return channel ? { channel } : undefined;
          })();
      if (!placed) {
        return reply(
          res,
          400,
          'invalid_body',
          `channel: say which channel (in the body, ?channel=, ${sourceVariable('CHANNEL', source)} or TEAMMATE_DEFAULT_CHANNEL)`,
        );
      }
      if ('error' in placed) return reply(res, 400, 'invalid_body', `channel: ${placed.error}`);
      const platform = platformOf(placed.channel);
      const made = type.event(fields, { platform, channel: placed.channel });
      const events = Array.isArray(made) ? made : [made as TSourceEvent];
      const delivery =
        (wire ? wire.delivery(raw) : req.header('x-teammate-delivery')) ??
        createHash('sha256').update(body).digest('hex').slice(0, 32);
      const received: { id: string; status: 'queued' | 'duplicate' }[] = [];
      for (const event of events) {
        const signal: TSignal = {
          id: `webhook:${source}:${event.id ?? delivery}`,
          type: 'webhook',
          platform,
          at: event.at ?? fields.at ?? deps.now(),
          source,
          kind: type.type,
          channel: placed.channel,
          key: event.key,
          payload: event.payload,
        };
        received.push({ id: signal.id, status: await deps.receive(signal) });
      }
      deps.log.info({ source, ids: received.map((r) => r.id) }, 'webhook accepted');
      if (!Array.isArray(made)) return res.status(202).json(received[0]);
      const status = received.some((r) => r.status === 'queued') ? 'queued' : 'duplicate';
      res.status(202).json({ status, ids: received.map((r) => r.id) });
    },
  );
}
