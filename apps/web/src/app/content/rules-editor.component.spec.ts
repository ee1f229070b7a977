import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { RuleView } from '@dx/contract';
import { getButton, getByLabel, settle, statusText, typeInto } from '../../testing/dom';
import { RulesEditorComponent } from './rules-editor.component';

const URL = '/api/v1/catalogue/courses/KAISO-LEADER/rules';

const EXISTING: RuleView = {
  id: 7,
  trigger: { kind: 'reached_level_in_fiscal_year', level: 5 },
  due: { kind: 'days_after_trigger', days: 60 },
  employmentTypes: [],
  active: true,
};

describe('RulesEditorComponent (割当ルール)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<RulesEditorComponent>;
  let root: HTMLElement;

  async function render(rules: RuleView[], publishedVersion = 1): Promise<void> {
    TestBed.configureTestingModule({
      imports: [RulesEditorComponent],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RulesEditorComponent);
    fixture.componentRef.setInput('courseCode', 'KAISO-LEADER');
    fixture.componentRef.setInput('publishedVersion', publishedVersion);
    root = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne(URL).flush(rules);
    await settle(fixture);
  }

  const select = (element: HTMLSelectElement, value: string) => {
    element.value = value;
    element.dispatchEvent(new Event('change', { bubbles: true }));
  };

  afterEach(() => http.verify());

  it('shows the rules, adds one for 再任用職員 due on 31 March, saves, and says how many were assigned', async () => {
    await render([EXISTING]);
    expect(root.textContent).toContain('その年度に職位レベル5に昇任した職員、期限：きっかけの日から60日後');
    expect(getByLabel(root, '職位のレベル').value).toBe('5');

    getButton(root, 'ルールを追加').click();
    await settle(fixture);
    const trigger = root.querySelectorAll<HTMLSelectElement>('select[id^="rule-trigger-"]')[1];
    select(trigger, 'all_active');
    const checkbox = Array.from(root.querySelectorAll('fieldset.rule-card')[1].querySelectorAll('label'))
      .find((l) => l.textContent?.trim() === '再任用職員')!
      .querySelector('input')!;
    checkbox.checked = true;
    checkbox.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(fixture);

    getButton(root, '割当ルールを保存').click();
    await settle(fixture);
    const request = http.expectOne(URL);
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({
      rules: [
        {
          id: 7,
          trigger: { kind: 'reached_level_in_fiscal_year', level: 5 },
          due: { kind: 'days_after_trigger', days: 60 },
          employmentTypes: [],
          active: true,
        },
        {
          trigger: { kind: 'all_active' },
          due: { kind: 'fixed_date', month: 3, day: 31 },
          employmentTypes: ['再任用職員'],
          active: true,
        },
      ],
    });
    request.flush({
      rules: [EXISTING, { ...request.request.body.rules[1], id: 8 }],
      fiscalYear: 2026,
      assigned: 12,
    });
    await settle(fixture);
    expect(statusText(root)).toContain('12件の割当を追加しました（令和8年度（2026年度））');
  });

  it('shows the API’s errors on the rule they are about', async () => {
    await render([EXISTING]);
    typeInto(getByLabel(root, '日数（きっかけの日から）'), '');
    getButton(root, '割当ルールを保存').click();
    await settle(fixture);
    http.expectOne(URL).flush(
      {
        type: 'https://dx-learning.example/problems/validation',
        title: '入力エラー',
        status: 422,
        detail: '入力内容に誤りがあります。',
        errors: [{ field: 'rules.0.due.days', message: '日数は1〜730の整数で入力してください。' }],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle(fixture);
    expect(root.querySelector('fieldset.rule-card .field-error')?.textContent).toContain(
      '日数は1〜730の整数で入力してください。',
    );
    expect(getByLabel(root, '日数（きっかけの日から）').getAttribute('aria-invalid')).toBe('true');
  });

  it('starts a new rule inactive while the course is not published', async () => {
    await render([], 0);
    expect(root.textContent).toContain('この研修はまだ公開されていません');
    getButton(root, 'ルールを追加').click();
    await settle(fixture);
    expect(getByLabel(root, 'このルールを有効にする').checked).toBe(false);
  });
});
