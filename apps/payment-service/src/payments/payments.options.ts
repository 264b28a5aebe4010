export interface PaymentsOptions {
  declineAbove: number;
}
export const PAYMENTS_OPTIONS = Symbol('PAYMENTS_OPTIONS');
