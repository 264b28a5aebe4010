/** Injection token of the resolved module options. */
export const RABBIT_OPTIONS = Symbol('RABBIT_OPTIONS');
