import type { Role } from '@dx/contract';

/** Who keeps the HR data (推進員名簿, スペシャリストの養成期, 免除, 課題の評価): 人事担当 and システム管理者. */
export const HR_ROLES: readonly Role[] = ['hr', 'sysadmin'];
