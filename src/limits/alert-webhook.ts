// Tells a receiver (a SIEM, a chat hook) about a bulk-access alert: a JSON POST signed with a
// shared secret, HMAC-SHA256 over `${timestamp}.${body}` in `x-crm-gateway-signature: sha256=<hex>`
// with the timestamp in `x-crm-gateway-timestamp`, so the receiver can check origin and freshness
// (docs/limits.md shows the check). Retried with backoff; never blocks or fails a request.
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';

export interface AlertWebhook {
  send(payload: Record<string, unknown>): Promise<boolean>;
}

export interface WebhookOptions {
  readonly url: string;
  readonly secret: string;
  readonly logger: Logger;
  /** Waits before each retry. @default [250, 1000, 4000] */
  readonly backoffMs?: readonly number[];
  /** Per attempt. @default 5000 */
  readonly timeoutMs?: number;
}

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function createAlertWebhook(options: WebhookOptions): AlertWebhook {
  const backoff = options.backoffMs ?? [250, 1000, 4000];
  return {
    async send(payload) {
      const body = JSON.stringify(payload);
      for (let attempt = 0; attempt <= backoff.length; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, backoff[attempt - 1]));
        const timestamp = String(Math.floor(Date.now() / 1000));
        try {
          const res = await fetch(options.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-crm-gateway-timestamp': timestamp, 'x-crm-gateway-signature': signWebhook(options.secret, timestamp, body) },
            body,
            signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
          });
          if (res.ok) return true;
          options.logger.warn({ status: res.status, attempt }, 'alert webhook refused the alert');
        } catch (err) {
          options.logger.warn({ errorClass: (err as Error)?.name, attempt }, 'alert webhook unreachable');
        }
      }
      options.logger.error('alert webhook gave up; the alert stays in the audit ledger and gateway_alerts');
      return false;
    },
  };
}
