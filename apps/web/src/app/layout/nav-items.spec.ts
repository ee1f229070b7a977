import { PERMISSIONS } from '@dx/contract';
import { NAV_ITEMS, navItemsFor } from './nav-items';

const labels = (roles: Parameters<typeof navItemsFor>[0]) => navItemsFor(roles).map((item) => item.label);

describe('the menu, read from the permission map', () => {
  it('names a permission of the map for every page', () => {
    for (const item of NAV_ITEMS) expect(Object.keys(PERMISSIONS)).toContain(item.permission);
  });

  it('shows a learner only home and マイ研修', () => {
    expect(labels(['learner'])).toEqual(['ホーム', 'マイ研修']);
  });

  it('shows a manager their team pages but no HR page', () => {
    expect(labels(['learner', 'manager'])).toEqual([
      'ホーム',
      'マイ研修',
      '組織',
      '職員',
      'チーム受講状況',
      '受講統計',
    ]);
  });

  it('shows a content administrator 研修管理 and nothing about people (no 課題の評価)', () => {
    expect(labels(['content_admin'])).toEqual(['ホーム', '研修管理']);
  });

  it('shows HR the HR pages, 課題の評価 included, but not 研修管理', () => {
    const hr = labels(['hr']);
    expect(hr).toEqual(expect.arrayContaining(['課題の評価', '監査ログ', 'データ取込', 'KPIダッシュボード']));
    expect(hr).not.toContain('研修管理');
    expect(hr).not.toContain('マイ研修');
  });

  it('shows the platform operator 団体管理 and no page of any tenant, and nobody else 団体管理', () => {
    expect(labels(['platform_admin'])).toEqual(['ホーム', '団体管理']);
    expect(labels(['sysadmin', 'hr'])).not.toContain('団体管理');
  });
});
