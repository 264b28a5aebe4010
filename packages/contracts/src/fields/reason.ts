import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

/** A human-readable failure explanation; bounded so a stack trace cannot bloat a message. */
export const Reason = Type.String({ minLength: 1, maxLength: 500 });
/** A failure explanation. */
export type Reason = Static<typeof Reason>;
