import type { Role } from '@dx/contract';

export const ROLE_LABELS: Record<Role, string> = {
  learner: '受講者',
  manager: '管理職',
  hr: '人事担当',
  content_admin: 'コンテンツ管理者',
  sysadmin: 'システム管理者',
  platform_admin: 'プラットフォーム運用者',
};

export function roleLabels(roles: readonly Role[]): string {
  return roles.map((role) => ROLE_LABELS[role] ?? role).join('・');
}
