import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  type TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type {
  CompletionImportCounts,
  ImportResult,
  ImportResultWithChanges,
  OrgClosingSummary,
  OrgImportCounts,
  ProblemDetails,
  StaffImportCounts,
} from '@dx/contract';
import { todayInTokyo } from '@dx/domain';
import { currentFiscalYear } from '../shared/dates';
import {
  alertText,
  chooseFile,
  getButton,
  getByLabel,
  settle,
  statusText,
  tableRows,
} from '../../testing/dom';
import { ImportsPage } from './imports.page';

const PROBLEM_HEADERS = { 'Content-Type': 'application/problem+json' };

function csv(name = 'soshiki.csv'): File {
  return new File(['所属コード,所属名,上位所属コード,区分\n100,総務部,,部局\n'], name, { type: 'text/csv' });
}

describe('ImportsPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<ImportsPage>;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [ImportsPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ImportsPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function expectUpload(
    kind: 'org-units' | 'staff' | 'completions' | 'promoters',
    dryRun: boolean,
  ): TestRequest {
    const request = http.expectOne(
      (r) =>
        r.method === 'POST' &&
        r.url === `/api/v1/imports/${kind}` &&
        r.params.get('dryRun') === String(dryRun),
    );
    expect(request.request.body).toBeInstanceOf(FormData);
    expect((request.request.body as FormData).get('file')).toBeInstanceOf(File);
    return request;
  }

  async function preview(): Promise<void> {
    getButton(page, 'プレビュー（反映しません）').click();
    await settle(fixture);
  }

  it('lists the row errors of a refused file (422) under the problem’s detail, and does not offer to apply', async () => {
    chooseFile(getByLabel(page, 'CSVファイル'), csv());
    await preview();

    const request = expectUpload('org-units', true);
    expect(request.request.params.get('effectiveDate')).toBe(todayInTokyo());
    const problem: ProblemDetails = {
      type: 'https://dx-learning.example/problems/import-invalid',
      title: '取り込めません',
      status: 422,
      detail: 'CSVに2件の誤りがあります。修正してから、もう一度取り込んでください。',
      errors: [
        { row: 3, column: '上位所属コード', message: '上位所属コード「999」の所属がありません。' },
        { row: 7, column: '区分', message: '区分は「部局」「所属」「班」のいずれかにしてください。' },
      ],
    };
    request.flush(problem, { status: 422, statusText: 'Unprocessable Entity', headers: PROBLEM_HEADERS });
    await settle(fixture);

    expect(alertText(page)).toContain('CSVに2件の誤りがあります。');
    expect(tableRows(page, 'エラーの一覧')).toEqual([
      ['3', '上位所属コード', '上位所属コード「999」の所属がありません。'],
      ['7', '区分', '区分は「部局」「所属」「班」のいずれかにしてください。'],
    ]);
    expect(getButton(page, 'この内容で反映する').disabled).toBe(true);
  });

  it('shows the counts of a successful preview and then applies the same file', async () => {
    expect(getButton(page, 'この内容で反映する').disabled).toBe(true);
    chooseFile(getByLabel(page, 'CSVファイル'), csv());
    await preview();

    const counts: OrgImportCounts = { created: 3, updated: 1, closed: 2, unchanged: 40 };
    const result: ImportResult<OrgImportCounts> = {
      dryRun: true,
      counts,
      errors: [],
      effectiveDate: '2026-04-01',
      encoding: 'Shift_JIS',
      rows: 46,
    };
    expectUpload('org-units', true).flush(result);
    await settle(fixture);

    expect(tableRows(page, '反映される件数')).toEqual([
      ['新規', '3件'],
      ['変更', '1件'],
      ['廃止', '2件'],
      ['変更なし', '40件'],
    ]);
    expect(statusText(page)).toContain('まだ反映していません');
    const apply = getButton(page, 'この内容で反映する');
    expect(apply.disabled).toBe(false);

    apply.click();
    await settle(fixture);
    expectUpload('org-units', false).flush({ ...result, dryRun: false });
    await settle(fixture);

    expect(tableRows(page, '反映した件数')).toEqual([
      ['新規', '3件'],
      ['変更', '1件'],
      ['廃止', '2件'],
      ['変更なし', '40件'],
    ]);
    expect(statusText(page)).toContain('組織図（所属）を反映しました。');
    expect(getButton(page, 'この内容で反映する').disabled).toBe(true);
  });

  it('asks to confirm a mass leave and then sends allowMassLeave=true with the next preview', async () => {
    getByLabel(page, '職員名簿').click();
    chooseFile(getByLabel(page, 'CSVファイル'), csv('meibo.csv'));
    await preview();

    const first = expectUpload('staff', true);
    expect(first.request.params.get('allowMassLeave')).toBe('false');
    first.flush(
      {
        type: 'https://dx-learning.example/problems/mass-leave',
        title: '大量の退職',
        status: 422,
        detail:
          'この名簿を反映すると 812人 が退職扱いになります。意図どおりなら allowMassLeave=true を指定してください。',
        activeStaff: 900,
        leaving: 812,
        percent: 90,
      },
      { status: 422, statusText: 'Unprocessable Entity', headers: PROBLEM_HEADERS },
    );
    await settle(fixture);

    // The page speaks of its checkbox, not of the API's query parameter.
    expect(alertText(page)).toContain('在職者900人のうち812人（90%）が退職扱いになります。');
    expect(alertText(page)).toContain('「大量の退職として反映することを確認しました」にチェックを入れて');
    expect(alertText(page)).not.toContain('allowMassLeave');
    const confirm = getByLabel(page, '大量の退職として反映することを確認しました');
    expect(confirm.checked).toBe(false);
    confirm.click();
    await settle(fixture);
    await preview();

    const second = expectUpload('staff', true);
    expect(second.request.params.get('allowMassLeave')).toBe('true');
    const counts: StaffImportCounts = {
      created: 0,
      updated: 0,
      transferred: 0,
      promoted: 0,
      left: 812,
      unchanged: 5,
    };
    second.flush({
      dryRun: true,
      counts,
      errors: [],
      effectiveDate: '2026-04-01',
      encoding: 'UTF-8',
      rows: 5,
    });
    await settle(fixture);

    expect(tableRows(page, '反映される件数')).toContainEqual(['退職', '812件']);
    expect(getButton(page, 'この内容で反映する').disabled).toBe(false);
  });

  it('forgets the preview when another file is chosen', async () => {
    const fileInput = getByLabel(page, 'CSVファイル');
    chooseFile(fileInput, csv());
    await preview();
    expectUpload('org-units', true).flush({
      dryRun: true,
      counts: { created: 1, updated: 0, closed: 0, unchanged: 0 },
      errors: [],
      effectiveDate: '2026-04-01',
      encoding: 'UTF-8',
      rows: 1,
    });
    await settle(fixture);
    expect(getButton(page, 'この内容で反映する').disabled).toBe(false);

    chooseFile(fileInput, csv('other.csv'));
    await settle(fixture);

    expect(page.textContent).not.toContain('反映される件数');
    expect(getButton(page, 'この内容で反映する').disabled).toBe(true);
  });
  it('imports the promoter roster for the chosen 年度 and reports 指定・変更なし・解除', async () => {
    getByLabel(page, '推進員名簿').click();
    await settle(fixture);
    expect(page.querySelector('#import-date')).toBeNull();
    expect(page.textContent).toContain('職員番号,指定日');
    expect(page.textContent).toContain('名簿にない人は、その年度の指定が解除されます。');
    const year = getByLabel<HTMLSelectElement>(page, '年度');
    year.value = String(currentFiscalYear() + 1);
    year.dispatchEvent(new Event('change'));
    chooseFile(getByLabel(page, 'CSVファイル'), csv('suishin.csv'));
    await preview();

    const request = expectUpload('promoters', true);
    expect(request.request.params.get('fiscalYear')).toBe(String(currentFiscalYear() + 1));
    expect(request.request.params.has('effectiveDate')).toBe(false);
    request.flush({
      dryRun: true,
      counts: { designated: 4, unchanged: 30, removed: 2 },
      errors: [],
      effectiveDate: todayInTokyo(),
      encoding: 'UTF-8',
      rows: 34,
    });
    await settle(fixture);

    expect(tableRows(page, '反映される件数')).toEqual([
      ['指定', '4件'],
      ['変更なし', '30件'],
      ['解除', '2件'],
    ]);
  });

  it('imports completions (職員番号,研修コード,修了日) and reports 修了・変更なし', async () => {
    getByLabel(page, '修了実績').click();
    await settle(fixture);
    expect(page.textContent).toContain('職員番号,研修コード,修了日');
    chooseFile(getByLabel(page, 'CSVファイル'), csv('shuryo.csv'));
    await preview();

    const counts: CompletionImportCounts = { completed: 12, unchanged: 3 };
    const result: ImportResult<CompletionImportCounts> = {
      dryRun: true,
      counts,
      errors: [],
      effectiveDate: todayInTokyo(),
      encoding: 'Shift_JIS',
      rows: 15,
    };
    expectUpload('completions', true).flush(result);
    await settle(fixture);
    expect(tableRows(page, '反映される件数')).toEqual([
      ['修了', '12件'],
      ['変更なし', '3件'],
    ]);

    getButton(page, 'この内容で反映する').click();
    await settle(fixture);
    expectUpload('completions', false).flush({ ...result, dryRun: false });
    await settle(fixture);
    expect(statusText(page)).toContain('修了実績を反映しました。');
  });

  it('refuses to apply an org chart that closes most units until the separate checkbox is ticked, and lists the closing units', async () => {
    chooseFile(getByLabel(page, 'CSVファイル'), csv());
    await preview();

    const first = expectUpload('org-units', true);
    expect(first.request.params.get('allowMassClose')).toBe('false');
    const closing: OrgClosingSummary = {
      openUnits: 410,
      closingUnits: 404,
      percent: 99,
      placedStaff: 4903,
      unitsTruncated: false,
      units: [
        {
          code: '020000',
          name: 'デジタル社会推進局',
          kind: '部局',
          path: 'デジタル社会推進局',
          placedStaff: 3,
        },
        {
          code: '020100',
          name: 'デジタル改革推進課',
          kind: '所属',
          path: 'デジタル社会推進局 / デジタル改革推進課',
          placedStaff: 12,
        },
      ],
    };
    first.flush(
      {
        type: 'https://dx-learning.example/problems/mass-close',
        title: '廃止される所属が多すぎます',
        status: 422,
        detail: '…意図どおりなら allowMassClose=true を指定してください。',
        closing,
      },
      { status: 422, statusText: 'Unprocessable Entity', headers: PROBLEM_HEADERS },
    );
    await settle(fixture);

    expect(alertText(page)).toContain('410所属のうち404所属（99%）が廃止され');
    expect(alertText(page)).toContain('4,903人');
    expect(alertText(page)).not.toContain('allowMassClose');
    expect(tableRows(page, '廃止される所属（404所属、配置されている職員 計4,903人）')).toEqual([
      ['020000', 'デジタル社会推進局', 'デジタル社会推進局', '3人'],
      ['020100', 'デジタル改革推進課', 'デジタル社会推進局 / デジタル改革推進課', '12人'],
    ]);
    expect(getButton(page, 'この内容で反映する').disabled).toBe(true);
    const confirm = getByLabel(page, '多数の所属の廃止として反映することを確認しました');
    expect(page.querySelector('#' + confirm.getAttribute('aria-describedby'))?.textContent).toContain('一覧');
    // The roster's checkbox is another one.
    expect(page.textContent).not.toContain('大量の退職として反映することを確認しました');

    confirm.click();
    await settle(fixture);
    expect(getButton(page, 'この内容で反映する').disabled).toBe(true);
    await preview();
    const second = expectUpload('org-units', true);
    expect(second.request.params.get('allowMassClose')).toBe('true');
    const result: ImportResultWithChanges<OrgImportCounts> = {
      dryRun: true,
      counts: { created: 0, updated: 0, closed: 404, unchanged: 6 },
      errors: [],
      effectiveDate: '2026-04-01',
      encoding: 'utf-8-bom',
      rows: 9,
      closing,
      changes: [
        {
          kind: 'closed',
          key: '020100',
          name: 'デジタル改革推進課',
          placedStaff: 12,
          fields: [{ field: 'path', before: 'デジタル社会推進局 / デジタル改革推進課', after: null }],
        },
      ],
      changesTruncated: false,
      warnings: [
        {
          code: 'closing-units-staffed',
          count: 4903,
          message: '廃止される404所属に、基準日時点で4903人が配置されたままです。',
        },
      ],
    };
    second.flush(result);
    await settle(fixture);

    expect(page.textContent).toContain('文字コード：UTF-8（BOM付き）');
    expect(page.textContent).not.toContain('utf-8-bom');
    expect(page.textContent).toContain('4903人が配置されたままです');
    expect(tableRows(page, '廃止される所属')).toHaveLength(2);
    expect(tableRows(page, '変更の内容').map((row) => row.map((cell) => cell.replace(/\s+/g, ' ')))).toEqual([
      [
        '廃止',
        '020100',
        'デジタル改革推進課 配置 12人',
        '位置：デジタル社会推進局 / デジタル改革推進課 → から（なし）',
      ],
    ]);
    const apply = getButton(page, 'この内容で反映する');
    expect(apply.disabled).toBe(false);

    // Unticking takes the confirmation back.
    confirm.click();
    await settle(fixture);
    expect(getButton(page, 'この内容で反映する').disabled).toBe(true);
    confirm.click();
    await settle(fixture);
    await preview();
    expectUpload('org-units', true).flush(result);
    await settle(fixture);
    getButton(page, 'この内容で反映する').click();
    await settle(fixture);
    const applied = expectUpload('org-units', false);
    expect(applied.request.params.get('allowMassClose')).toBe('true');
    applied.flush({ ...result, dryRun: false });
    await settle(fixture);
    expect(statusText(page)).toContain('組織図（所属）を反映しました。');
  });

  it('shows a roster preview’s changes before → after and warns when a Shift_JIS file lost characters of names', async () => {
    getByLabel(page, '職員名簿').click();
    chooseFile(getByLabel(page, 'CSVファイル'), csv('meibo.csv'));
    await preview();
    const result: ImportResultWithChanges<StaffImportCounts> = {
      dryRun: true,
      counts: { created: 0, updated: 1, transferred: 0, promoted: 0, left: 0, unchanged: 11 },
      errors: [],
      effectiveDate: '2026-04-01',
      encoding: 'shift_jis',
      rows: 12,
      changes: [
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
      ],
      changesTruncated: false,
      warnings: [
        {
          code: 'encoding-loss',
          count: 1,
          message:
            'Shift_JIS のファイルでは表せない文字（𠮷）が、1件の名前で別の文字に置き換わっています。UTF-8 で出力し直したファイルを送ってください。',
        },
        {
          code: 'dates-normalized',
          count: 2,
          message: '2件の日付を YYYY-MM-DD の形に直して読み取りました。',
        },
      ],
    };
    expectUpload('staff', true).flush(result);
    await settle(fixture);

    const warnings = Array.from(page.querySelectorAll('.alert-warning')).map((w) => w.textContent?.trim());
    expect(warnings).toEqual([result.warnings![0].message, result.warnings![1].message]);
    expect(page.textContent).toContain('文字コード：Shift_JIS');
    const [row] = tableRows(page, '変更の内容');
    expect(row.slice(0, 3)).toEqual(['変更', '500003', '吉田 太郎']);
    expect(row[3]).toContain('Shift_JIS では表せない「𠮷」が失われます');
    expect(Array.from(page.querySelectorAll('.changes-table mark')).map((m) => m.textContent)).toEqual([
      '［変更前の字：𠮷］',
      '［変更後の字：吉］',
    ]);
    expect(getByLabel<HTMLSelectElement>(page, '変更の種類').textContent).toContain(
      '文字が失われる名前（1件）',
    );
  });
});
