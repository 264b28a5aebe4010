import { BadRequestException } from '@nestjs/common';
import type { CancelReason } from '@ecom/contracts';

/** Reasons a caller may give; the others are the process's own. */
const REQUESTABLE: readonly CancelReason[] = ['customer_request', 'operator'];

/** The body of POST /orders/:id/cancel: none, `{}`, or `{ "reason": "customer_request" | "operator" }`. */
export function validateCancelRequest(body: unknown): CancelReason {
  if (body === undefined || body === null) return 'customer_request';
  const errors: { field: string; message: string }[] = [];
  if (typeof body !== 'object' || Array.isArray(body)) {
    errors.push({ field: '(body)', message: 'must be an object' });
  } else {
    const record = body as Record<string, unknown>;
    for (const key of Object.keys(record)) if (key !== 'reason') errors.push({ field: key, message: 'is not allowed' });
    const reason = record['reason'];
    if (reason !== undefined && !REQUESTABLE.includes(reason as CancelReason)) {
      errors.push({ field: 'reason', message: `must be one of ${REQUESTABLE.join(', ')}` });
    }
    if (errors.length === 0) return (reason as CancelReason | undefined) ?? 'customer_request';
  }
  throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'request body is invalid', errors });
}
