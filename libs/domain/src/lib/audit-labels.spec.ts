import { PERSONAL_DATA_READ_ACTIONS } from '@dx/contract';
import { auditActionLabel, describeAuditScope } from './audit-labels';

describe('describeAuditScope', () => {
  it('names each filter in Japanese, with fiscal years, statuses and encodings as people read them', () => {
    expect(
      describeAuditScope(
        { orgUnitCode: '100100', fiscalYear: '2026', status: 'overdue', encoding: 'shift_jis' },
        'team.matrix_viewed',
      ),
    ).toBe('所属 100100・年度 令和8年度（2026年度）・状態 期限超過・文字コード Shift_JIS');
    expect(describeAuditScope({ action: 'staff.searched', person: '500003' })).toBe(
      '操作 職員の検索・職員番号 500003',
    );
    expect(describeAuditScope({ status: 'submitted' }, 'submissions.listed')).toBe('状態 提出済み');
  });

  it('leaves out the first page and says nothing for no scope', () => {
    expect(describeAuditScope({ q: '山田', page: '1' })).toBe('検索語 山田');
    expect(describeAuditScope({ q: '山田', page: '3' })).toBe('検索語 山田・ページ 3');
    expect(describeAuditScope(null)).toBe('');
  });
});

describe('auditActionLabel', () => {
  it('names every audited read in Japanese, and an unknown action without showing its code', () => {
    for (const action of PERSONAL_DATA_READ_ACTIONS)
      expect(auditActionLabel(action)).toMatch(/\p{Script=Han}/u);
    expect(auditActionLabel('export.completion_csv')).toBe('受講状況のCSV出力');
    expect(auditActionLabel('something.new')).toBe('その他の操作');
  });
});
