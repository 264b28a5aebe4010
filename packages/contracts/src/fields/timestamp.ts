import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

/** An RFC 3339 instant with offset, e.g. '2025-01-31T12:00:00.000Z'. */
export const Timestamp = Type.String({ format: 'date-time' });
/** An RFC 3339 instant. */
export type Timestamp = Static<typeof Timestamp>;
