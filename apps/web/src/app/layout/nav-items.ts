import type { Role } from '@dx/contract';
import { IMPORTER_ROLES, ORG_VIEWER_ROLES, hasAnyRole } from '../shared/roles';

export interface NavItem {
  path: string;
  label: string;
  description: string;
  roles: readonly Role[] | 'all';
}

/** The app's pages, in menu order, with who may open them (the route guards enforce the same). */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: 'ホーム', description: 'お知らせと、利用できる機能の一覧です。', roles: 'all' },
  { path: '/org', label: '組織', description: '組織図を基準日ごとに表示し、所属ごとの人数を確認します。', roles: ORG_VIEWER_ROLES },
  { path: '/staff', label: '職員', description: '職員を職員番号・氏名・カナで検索し、所属の履歴を確認します。', roles: ORG_VIEWER_ROLES },
  {
    path: '/imports',
    label: 'データ取込',
    description: '人事システムから出力した組織図・職員名簿（CSV）を取り込みます。',
    roles: IMPORTER_ROLES,
  },
];

export function navItemsFor(roles: readonly Role[]): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles === 'all' || hasAnyRole(roles, item.roles));
}
