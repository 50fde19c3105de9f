import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signing webhook deliveries. Pure. `Lfp-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`,
 * the secret's UTF-8 bytes as the key and the body exactly as sent. A receiver recomputes v1 over the raw body and
 * compares in constant time, and refuses a t too far from its clock (a replayed request).
 */

export const SIGNATURE_HEADER = 'lfp-signature';
export const DELIVERY_HEADER = 'lfp-delivery';
export const EVENT_HEADER = 'lfp-event';

/** How far from now a signature's time may be for verifySignature. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signature(secret: string, body: string, unixSeconds: number): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, body: string, now = Date.now()): string {
  const t = Math.floor(now / 1000);
  return `t=${t},v1=${signature(secret, body, t)}`;
}

/** What a receiver does: true when one v1 of the header signs t.body with the secret and t is recent. */
export function verifySignature(secret: string, body: string, header: string, now = Date.now(), toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS): boolean {
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(now / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signature(secret, body, t), 'hex');
  return parts.some(([key, value]) => {
    if (key !== 'v1' || !value || !/^[0-9a-f]{64}$/.test(value)) return false;
    return timingSafeEqual(Buffer.from(value, 'hex'), expected);
  });
}
