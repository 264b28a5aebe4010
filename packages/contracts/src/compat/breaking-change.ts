/** The ways a schema change can break a consumer or a producer already on the wire. */
export type BreakingChangeKind =
  | 'field-removed'
  | 'field-required'
  | 'field-optional'
  | 'type-changed'
  | 'constraint-narrowed'
  | 'additional-properties-closed'
  | 'version-removed';

/** One breaking difference between a published schema and its replacement. */
export interface BreakingChange {
  /** Where in the payload, e.g. `/items/*\/price` (`*` = every array element); `/` is the whole payload. */
  path: string;
  kind: BreakingChangeKind;
  /** What changed, e.g. `minimum raised from 0 to 1`. */
  message: string;
}
