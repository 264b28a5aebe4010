import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

/** A mail address; 254 is the longest address SMTP can carry (RFC 5321). */
export const Email = Type.String({ format: 'email', maxLength: 254 });
/** A mail address. */
export type Email = Static<typeof Email>;
