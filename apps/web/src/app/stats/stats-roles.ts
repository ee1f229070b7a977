import type { Role } from '@dx/contract';

/**
 * Who may open 受講統計 and its exports: managers (their own subtree, as the API limits them), 人事担当 and
 * システム管理者 (the whole tenant).
 */
export const STATS_ROLES: readonly Role[] = ['manager', 'hr', 'sysadmin'];
