import { createHash } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from '../../auth/principal';
import { badRequest } from '../problem';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const KEY = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key, or undefined; 400 when it is not 1–255 visible ASCII characters. */
export function idempotencyKeyOf(request: Request): string | undefined {
  const value = request.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
  if (value === undefined) return undefined;
  if (Array.isArray(value) || !KEY.test(value)) {
    throw badRequest('the Idempotency-Key header is invalid', [
      { field: IDEMPOTENCY_KEY_HEADER, message: `${IDEMPOTENCY_KEY_HEADER} must be one value of 1 to 255 visible ASCII characters` },
    ]);
  }
  return value;
}

/** The Idempotency-Key of the request (validated by the interceptor), for services that pass it on. */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined =>
  idempotencyKeyOf(ctx.switchToHttp().getRequest<Request>()),
);

/**
 * A stable id derived from the caller and their key: the Temporal update id of a step (a retry attaches
 * to the same update), or the pathway id of a referral (a retry finds the same workflow). Keys are
 * scoped per caller, as in the idempotency store.
 */
export function derivedId(purpose: string, principal: Principal, key: string): string {
  return createHash('sha256').update(`${purpose}\n${principal.sub}\n${key}`).digest('hex');
}

/** `derivedId` shaped as a UUID (RFC 9562 version 8: custom, here a hash), for a pathway id. */
export function derivedUuid(purpose: string, principal: Principal, key: string): string {
  return uuidOfHash(derivedId(purpose, principal, key));
}

/** A hex hash shaped as a UUID (RFC 9562 version 8: custom), for an id derived from something stable. */
export function uuidOfHash(hexHash: string): string {
  const hex = hexHash.slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
