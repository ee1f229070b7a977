import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { ImportChange } from '@dx/contract';
import { getByLabel, settle, tableRows } from '../../testing/dom';
import { ImportChangesComponent } from './import-changes.component';

const CHANGES: ImportChange[] = [
  {
    kind: 'updated',
    key: '500003',
    name: '吉田 太郎',
    row: 4,
    warnings: ['encoding-loss'],
    fields: [
      {
        field: 'name',
        before: '𠮷田 太郎',
        after: '吉田 太郎',
        removed: [[0, 2]],
        added: [[0, 1]],
        lost: ['𠮷'],
      },
    ],
  },
  {
    kind: 'transferred',
    key: '500005',
    name: '異動 次郎',
    row: 6,
    fields: [
      {
        field: 'unit',
        before: '人事課（100100）',
        after: '研修班（100110）',
        removed: [[0, 3]],
        added: [[0, 3]],
      },
      { field: 'assignedOn', before: '2025-04-01', after: '2026-04-01' },
    ],
  },
  {
    kind: 'created',
    key: '500010',
    name: '新規 採用',
    row: 12,
    fields: [{ field: 'hiredOn', before: null, after: '2026-04-01' }],
  },
  {
    kind: 'left',
    key: '500006',
    name: '退職 三郎',
    fields: [{ field: 'leftOn', before: null, after: '2026-03-31' }],
  },
];

describe('ImportChangesComponent', () => {
  let fixture: ComponentFixture<ImportChangesComponent>;
  let root: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [ImportChangesComponent] });
    fixture = TestBed.createComponent(ImportChangesComponent);
    fixture.componentRef.setInput('kind', 'staff');
    fixture.componentRef.setInput('changes', CHANGES);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  const rows = () => tableRows(root, '変更の内容').map((row) => row.map((cell) => cell.replace(/\s+/g, ' ')));

  it('lists each changed person with the kind, 職員番号, name and the fields before → after (dates as YYYY-MM-DD)', () => {
    expect(rows()).toEqual([
      ['変更', '500003', '吉田 太郎', expect.stringContaining('氏名')],
      [
        '異動',
        '500005',
        '異動 次郎',
        '所属：［変更前の字：人事課］（100100） → から［変更後の字：研修班］（100110）発令日：2025-04-01 → から2026-04-01',
      ],
      ['新規', '500010', '新規 採用', '採用日：（なし） → から2026-04-01'],
      ['退職', '500006', '退職 三郎', '最終在職日：（なし） → から2026-03-31'],
    ]);
  });

  it('marks the changed characters, with a text for screen readers, and warns of characters Shift_JIS lost', () => {
    const marks = Array.from(root.querySelectorAll('tbody tr:first-child mark')).map((m) => m.textContent);
    expect(marks).toEqual(['［変更前の字：𠮷］', '［変更後の字：吉］']);
    expect(root.querySelector('tbody tr:first-child mark .visually-hidden')).not.toBeNull();
    expect(root.querySelector('tbody tr:first-child')?.textContent).toContain(
      'Shift_JIS では表せない「𠮷」が失われます',
    );
  });

  it('filters by kind of change, and by names that lose characters', async () => {
    const filter = getByLabel<HTMLSelectElement>(root, '変更の種類');
    expect(Array.from(filter.options).map((o) => o.textContent?.trim())).toEqual([
      'すべて（4件）',
      '新規（1件）',
      '変更（1件）',
      '異動（1件）',
      '退職（1件）',
      '文字が失われる名前（1件）',
    ]);
    filter.value = 'transferred';
    filter.dispatchEvent(new Event('change'));
    await settle(fixture);
    expect(rows().map((r) => r[1])).toEqual(['500005']);
    expect(root.querySelector('caption')?.textContent).toContain('（1件）');

    filter.value = 'encoding-loss';
    filter.dispatchEvent(new Event('change'));
    await settle(fixture);
    expect(rows().map((r) => r[1])).toEqual(['500003']);
  });

  it('says when the list was cut short', async () => {
    fixture.componentRef.setInput('truncated', true);
    await settle(fixture);
    expect(root.textContent).toContain('先頭の4件だけを表示しています');
  });

  it('names the columns of an org chart 所属コード and 所属名', async () => {
    fixture.componentRef.setInput('kind', 'org-units');
    fixture.componentRef.setInput('changes', [
      {
        kind: 'closed',
        key: '030100',
        name: '廃棄物対策課',
        placedStaff: 0,
        fields: [{ field: 'path', before: '環境生活部 / 廃棄物対策課', after: null }],
      },
    ]);
    await settle(fixture);
    expect(Array.from(root.querySelectorAll('thead th')).map((th) => th.textContent?.trim())).toEqual([
      '種類',
      '所属コード',
      '所属名',
      '変更前 → 変更後',
    ]);
    expect(rows()[0][2]).toBe('廃棄物対策課 配置 0人');
  });
});
