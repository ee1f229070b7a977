import type { Role } from '@dx/contract';

/** The caller of a request, resolved from the token on every request (so leaving or revocation bites at once). */
export interface AuthUser {
  userId: number;
  tenantId: number;
  loginId: string;
  displayName: string;
  roles: Role[];
  staffId: number | null;
  employeeNo: string | null;
  mustChangePassword: boolean;
  /** The unit whose subtree this user manages today (position level 5 or above), if any. */
  managedUnit: { id: number; code: string; name: string; path: string } | null;
  /** How the request was authenticated: cookie-authenticated writes need a CSRF token. */
  via: 'bearer' | 'cookie';
  /** The sign-in (user_session) the request's token belongs to. */
  sessionId?: string;
}

export const SESSION_COOKIE = 'dx_session';
export const XSRF_COOKIE = 'XSRF-TOKEN';
export const XSRF_HEADER = 'x-xsrf-token';
/** A position at this level or above manages the subtree of the unit it is assigned to (所属長 and up). */
export const MANAGER_LEVEL = 5;
