import type { Role } from '@dx/contract';
import { IMPORTER_ROLES, LEARNER_ROLES, ORG_VIEWER_ROLES, hasAnyRole } from '../shared/roles';

export interface NavItem {
  path: string;
  label: string;
  /** The link text on the home page (different from the menu, so each link has one clear name). */
  action: string;
  description: string;
  roles: readonly Role[] | 'all';
}

/** The app's pages, in menu order, with who may open them (the route guards enforce the same). */
export const NAV_ITEMS: readonly NavItem[] = [
  {
    path: '/my',
    label: 'マイ研修',
    action: 'マイ研修を開く',
    description: 'あなたに割り当てられた研修と期限・進み具合を確認し、受講します。',
    roles: LEARNER_ROLES,
  },
  {
    path: '/',
    label: 'ホーム',
    action: 'ホームへ',
    description: 'お知らせと、利用できる機能の一覧です。',
    roles: 'all',
  },
  {
    path: '/org',
    label: '組織',
    action: '組織図を見る',
    description: '組織図を基準日ごとに表示し、所属ごとの人数を確認します。',
    roles: ORG_VIEWER_ROLES,
  },
  {
    path: '/staff',
    label: '職員',
    action: '職員を検索する',
    description: '職員を職員番号・氏名・カナで検索し、所属の履歴を確認します。',
    roles: ORG_VIEWER_ROLES,
  },
  {
    path: '/imports',
    label: 'データ取込',
    action: '組織図・職員名簿を取り込む',
    description: '人事システムから出力した組織図・職員名簿（CSV）を取り込みます。',
    roles: IMPORTER_ROLES,
  },
];

export function navItemsFor(roles: readonly Role[]): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles === 'all' || hasAnyRole(roles, item.roles));
}
