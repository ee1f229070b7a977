import type { Role } from '@dx/contract';

/** Who may see a team's completion matrix and send reminders: managers (their own subtree), 人事担当, システム管理者. */
export const TEAM_ROLES: readonly Role[] = ['manager', 'hr', 'sysadmin'];
