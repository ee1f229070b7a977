import type { Role } from '@dx/contract';

export const ROLE_LABELS: Record<Role, string> = {
  learner: '受講者',
  manager: '管理職',
  hr: '人事担当',
  content_admin: 'コンテンツ管理者',
  sysadmin: 'システム管理者',
};

/** Who may see the organisation and the staff list. */
export const ORG_VIEWER_ROLES: readonly Role[] = ['manager', 'hr', 'sysadmin'];
/** Who takes courses (マイ研修). */
export const LEARNER_ROLES: readonly Role[] = ['learner'];
/** Who may import the org chart and the staff roster. */
export const IMPORTER_ROLES: readonly Role[] = ['hr', 'sysadmin'];

export function hasAnyRole(roles: readonly Role[] | undefined, allowed: readonly Role[]): boolean {
  return (roles ?? []).some((role) => allowed.includes(role));
}

export function roleLabels(roles: readonly Role[]): string {
  return roles.map((role) => ROLE_LABELS[role] ?? role).join('・');
}

/** Who edits the catalogue and its assignment rules. */
export const CONTENT_ADMIN_ROLES: readonly Role[] = ['content_admin', 'sysadmin'];
