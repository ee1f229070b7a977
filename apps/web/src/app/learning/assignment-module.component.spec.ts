import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { CourseDetail, ModuleView } from '@dx/contract';
import {
  alertText,
  chooseFile,
  getButton,
  getByLabel,
  queryButton,
  settle,
  typeInto,
} from '../../testing/dom';
import { AssignmentModuleComponent } from './assignment-module.component';

function assignment(submission: NonNullable<ModuleView['assignment']>['submission'] = null): ModuleView {
  return {
    id: 31,
    position: 3,
    kind: 'assignment',
    title: '業務改善の提案',
    required: true,
    completed: false,
    completedAt: null,
    assignment: {
      instructions: '担当業務のうち、デジタル化できるものを一つ挙げてください。',
      allowFile: true,
      allowedExtensions: ['pdf', '.DOCX'],
      maxFileBytes: 1024 * 1024,
      submission,
    },
  };
}

describe('AssignmentModuleComponent (課題)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<AssignmentModuleComponent>;
  let panel: HTMLElement;
  let updated: CourseDetail[];

  async function render(module: ModuleView): Promise<void> {
    TestBed.configureTestingModule({
      imports: [AssignmentModuleComponent],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AssignmentModuleComponent);
    fixture.componentRef.setInput('module', module);
    fixture.componentRef.setInput('courseCode', 'SPECIALIST-BASIC');
    fixture.componentRef.setInput('fiscalYear', 2026);
    updated = [];
    fixture.componentInstance.courseUpdated.subscribe((course) => updated.push(course));
    panel = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('refuses an attachment of another type before sending, then sends the text and the file', async () => {
    await render(assignment());
    const fileInput = getByLabel(panel, '添付ファイル');
    expect(fileInput.getAttribute('accept')).toBe('.pdf,.docx');

    chooseFile(fileInput, new File(['MZ'], 'tool.exe'));
    typeInto(getByLabel<HTMLInputElement>(panel, '提出内容'), '申請書の電子化を提案します。');
    await settle(fixture);
    expect(panel.textContent).toContain('添付できるファイルの種類は .pdf、.docx です。');
    getButton(panel, '提出する').click();
    await settle(fixture);
    http.expectNone((r) => r.url.endsWith('/submission'));

    const pdf = new File(['%PDF-1.7'], '提案書.pdf', { type: 'application/pdf' });
    chooseFile(fileInput, pdf);
    await settle(fixture);
    expect(panel.textContent).not.toContain('添付できるファイルの種類');
    getButton(panel, '提出する').click();
    await settle(fixture);

    const request = http.expectOne(
      '/api/v1/me/courses/SPECIALIST-BASIC/modules/31/submission?fiscalYear=2026',
    );
    expect(request.request.method).toBe('POST');
    const body = request.request.body as FormData;
    expect(body.get('text')).toBe('申請書の電子化を提案します。');
    expect((body.get('file') as File).name).toBe('提案書.pdf');
    const course = {
      modules: [
        assignment({
          status: 'submitted',
          submittedAt: '2026-06-01T10:00:00+09:00',
          comment: null,
          fileName: '提案書.pdf',
        }),
      ],
    } as CourseDetail;
    request.flush(course);
    await settle(fixture);

    expect(updated).toEqual([course]);
    expect(panel.textContent).toContain('提出しました。評価をお待ちください。');
  });

  it('shows a returned submission with the evaluator’s comment and lets the person hand it in again', async () => {
    await render(
      assignment({
        status: 'returned',
        submittedAt: '2026-06-01T10:00:00+09:00',
        comment: '効果の見込みを数字で示してください。',
        fileName: null,
      }),
    );

    expect(panel.textContent).toContain('差し戻し');
    expect(panel.textContent).toContain('効果の見込みを数字で示してください。');
    expect(panel.textContent).toContain('2026年6月1日（月）10:00');
    getButton(panel, '提出する').click();
    await settle(fixture);

    http.expectNone((r) => r.url.endsWith('/submission'));
    expect(panel.textContent).toContain('提出内容を入力してください。');
    expect(alertText(panel)).toBe('');
  });

  it('shows a submission waiting for evaluation without the form', async () => {
    await render(
      assignment({
        status: 'submitted',
        submittedAt: '2026-06-01T10:00:00+09:00',
        comment: null,
        fileName: null,
      }),
    );

    expect(panel.textContent).toContain('提出済み（評価待ち）');
    expect(queryButton(panel, '提出する')).toBeUndefined();
  });
});
