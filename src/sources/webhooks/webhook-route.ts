import { createHash } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { sourceVariable } from '../../config.js';
import { platformOf } from '../../core/identity.js';
import type { Logger } from '../../core/logger.js';
import type { TSignal } from '../../core/signal.js';
import type { SourceType } from '../../core/source-type.js';
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

/**
 * `POST /webhooks/:source`: the raw body is checked against `X-Teammate-Signature` before anything is parsed or
 * stored; a valid body is read by its source type and becomes one signal in the durable inbox (its id from
 * `X-Teammate-Delivery`, or the body's hash, so a redelivery is recognised). Its channel is the delivery's own
 * (`channel` in the body or the query), else the source's, else the default one.
 */
export function mountWebhooks(app: express.Express, deps: TWebhookDeps): void {
  app.post(
    '/webhooks/:source',
    express.raw({ type: () => true, limit: MAX_BODY }),
    async (req: Request<{ source: string }>, res: Response) => {
      const source = req.params.source.toLowerCase();
      const type = deps.sources.get(source);
      if (!type) return reply(res, 404, 'unknown_source', `no webhook source "${source}" is configured`);
      const secret = deps.secrets.get(source) ?? deps.sharedSecret;
      if (!secret) {
        deps.log.warn({ source, ip: req.ip }, 'webhook refused: no secret is configured for it');
        return reply(
          res,
          401,
          'not_configured',
          `webhooks are not configured: set TEAMMATE_WEBHOOK_SECRET (or ${sourceVariable('SECRET', source)} for this source)`,
        );
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!isValidSignature(body, req.header('x-teammate-signature'), secret)) {
        deps.log.warn({ source, ip: req.ip }, 'webhook refused: bad or missing signature');
        return reply(res, 401, 'bad_signature', 'the X-Teammate-Signature header does not match the body');
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        return reply(res, 400, 'invalid_json', 'the body is not JSON');
      }
      const parsed = type.body.safeParse(json);
      if (!parsed.success) {
        const input = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
        return reply(res, 400, 'invalid_body', formatIssues(parsed.error, { input }));
      }
      // Every type's body carries the routing fields, read alike for all of them.
      const fields = parsed.data;
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
      const event = type.event(fields, { platform, channel: placed.channel });
      const delivery =
        req.header('x-teammate-delivery') ?? createHash('sha256').update(body).digest('hex').slice(0, 32);
      const signal: TSignal = {
        id: `webhook:${source}:${delivery}`,
        type: 'webhook',
        platform,
        at: fields.at ?? deps.now(),
        source,
        kind: type.type,
        channel: placed.channel,
        key: event.key,
        payload: event.payload,
      };
      const status = await deps.receive(signal);
      deps.log.info({ source, id: signal.id, status }, 'webhook accepted');
      res.status(202).json({ status, id: signal.id });
    },
  );
}
