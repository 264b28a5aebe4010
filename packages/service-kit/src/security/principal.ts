/** Who a request is from, once its token is verified. */
export interface Principal {
  /** The token's `sub`: for a customer, the customer id. */
  subject: string;
  roles: readonly string[];
  /** True under AUTH_MODE=off: nobody was checked, so the request may do anything. */
  anonymous?: boolean;
}

export const ADMIN_ROLE = 'admin';

export function isAdmin(principal: Principal | undefined): boolean {
  return principal?.roles.includes(ADMIN_ROLE) ?? false;
}

/** The request as the guards see it: Fastify's, plus the principal the auth guard sets. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  principal?: Principal;
}
