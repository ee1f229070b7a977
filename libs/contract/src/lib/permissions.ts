import { ROLES, TENANT_ROLES, type Role } from './types';

/**
 * Who may do what: the one table the API's guards, the web app's route guards and its navigation all read. A route
 * names one permission (`@Allow('staff.read')` in the API, `permission` on a web route); which org subtree and
 * tenant the caller then sees is the scope service's business, not this table's.
 */
export const PERMISSIONS = {
  /** Anyone signed in, the platform operator too: who one is (/me), one's password. */
  'session.own': ROLES,
  /** One's own enrolments (any user of a tenant, as the contract says; the platform operator has none). */
  'enrollments.own': TENANT_ROLES,
  /** マイ研修: one's own assignments, lessons, quizzes, submissions, certificates. */
  'learning.own': ['learner'],
  /** The org chart and unit lists (a manager: their own subtree). */
  'org.read': ['manager', 'hr', 'sysadmin'],
  /** Staff search and a person's assignments (a manager: their own subtree). */
  'staff.read': ['manager', 'hr', 'sysadmin'],
  /** A person's assignment history: one's own, or (a manager) anyone in their subtree. */
  'history.read': ['learner', 'manager', 'hr', 'sysadmin'],
  /** The team matrix and reminders (a manager: their own subtree). */
  'team.read': ['manager', 'hr', 'sysadmin'],
  'team.remind': ['manager', 'hr', 'sysadmin'],
  /** Completion statistics and the completion exports (a manager: their own subtree). */
  'reports.read': ['manager', 'hr', 'sysadmin'],
  /** Assign by hand, exempt and lift an exemption. */
  'enrollments.manage': ['hr', 'sysadmin'],
  /** Org chart, roster and completion imports. */
  'imports.run': ['hr', 'sysadmin'],
  /** The デジタル活用推進員 roster and the DX推進スペシャリスト cohorts. */
  'promoters.manage': ['hr', 'sysadmin'],
  /** DX推進スペシャリスト certifications: the list, the completion check, revocation. */
  'certifications.manage': ['hr', 'sysadmin'],
  /** Outside learning (Udemy Business, xAPI): the unmatched queue and the Udemy courses the modules name. */
  'integrations.read': ['hr', 'sysadmin'],
  /** Resolve or dismiss an unmatched outside record (applies it). */
  'integrations.resolve': ['hr', 'sysadmin'],
  /** スキルマップ: デジタルスキル標準 coverage per 部局 and the specialists' roles (and its XLSX). */
  'skills.read': ['hr', 'sysadmin'],
  'kpi.read': ['hr', 'sysadmin'],
  'kpi.manage': ['hr', 'sysadmin'],
  /** Assignment submissions (people's work, with names) and their evaluation. */
  'submissions.evaluate': ['hr', 'sysadmin'],
  /** 集合研修 attendance. */
  'attendance.manage': ['hr', 'sysadmin'],
  /** The audit log. */
  'audit.read': ['hr', 'sysadmin'],
  /** 研修管理: tracks, courses, modules, questions, assignment rules (course content, not people). */
  'catalogue.edit': ['content_admin', 'sysadmin'],
  /** Set a user's password. */
  'users.manage': ['sysadmin'],
  /** The xAPI LRS's Basic credentials (xAPI 接続): create, list, revoke. */
  'xapi.clients': ['sysadmin'],
  /** The tenant's Udemy Business Reporting API connection (its client secret). */
  'integrations.configure': ['sysadmin'],
  /** See that connection (without its secret) and sync now. */
  'integrations.sync': ['hr', 'sysadmin'],
  /** The tenant's display name and the certificate's issuer line. */
  'tenant.settings': ['hr', 'sysadmin'],
  /** The platform operator: create, list, disable tenants (and nothing of any tenant's people). */
  'platform.tenants': ['platform_admin'],
  /** The tenant's Slack webhooks (write-only) and the record of failed notice deliveries. */
  'notifications.manage': ['hr', 'sysadmin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** True when any of the roles holds the permission. */
export function can(roles: readonly Role[] | undefined, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return (roles ?? []).some((role) => allowed.includes(role));
}
