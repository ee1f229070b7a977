import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  output,
  signal,
  viewChild,
} from '@angular/core';
import type { CourseDetail } from '@dx/contract';
import { formatJapaneseDateTime } from '../shared/dates';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { acceptAttribute, attachmentError, formatBytes } from './assignment-files';
import { ModulePanelDirective } from './module-panel.directive';

const SUBMISSION_LABELS = {
  submitted: '提出済み（評価待ち）',
  passed: '合格',
  returned: '差し戻し',
} as const;

/** An assignment (課題): the instructions, the submission's state and, while open, the form to hand it in. */
@Component({
  selector: 'dx-assignment-module',
  imports: [ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (module().assignment; as task) {
      <h3 class="subheading">課題の内容</h3>
      <p class="pre-line">{{ task.instructions }}</p>

      @if (task.submission; as sub) {
        <div #statusBox class="submission-status" tabindex="-1" [attr.data-status]="sub.status">
          <p>
            <span class="subheading-inline">提出状況：</span
            ><span class="submission-label">{{ submissionLabels[sub.status] }}</span>
          </p>
          <p class="muted">
            提出日時：{{ dateTime(sub.submittedAt) }}
            @if (sub.fileName) {
              ／ 添付ファイル：{{ sub.fileName }}
            }
          </p>
          @if (sub.comment) {
            <div class="evaluator-comment">
              <p class="subheading-inline">評価者のコメント</p>
              <p class="pre-line">{{ sub.comment }}</p>
            </div>
          }
          @if (sub.status === 'returned') {
            <p>コメントを確認して、もう一度提出してください。</p>
          }
        </div>
      }

      @if (canSubmit()) {
        <form class="assignment-form" (submit)="submit($event)" novalidate>
          <div class="field">
            <label [for]="textId()">提出内容</label>
            <textarea
              [id]="textId()"
              rows="8"
              [value]="text()"
              (input)="onText($event)"
              required
              [attr.aria-invalid]="textError() !== null"
              [attr.aria-describedby]="textError() ? textId() + '-error' : null"
            ></textarea>
            @if (textError(); as message) {
              <p [id]="textId() + '-error'" class="field-error">{{ message }}</p>
            }
          </div>
          @if (task.allowFile) {
            <div class="field">
              <label [for]="fileId()">添付ファイル</label>
              <input
                #fileInput
                [id]="fileId()"
                type="file"
                [attr.accept]="accept() || null"
                (change)="onFile($event)"
                [attr.aria-invalid]="fileError() !== null"
                [attr.aria-describedby]="fileId() + '-hint' + (fileError() ? ' ' + fileId() + '-error' : '')"
              />
              <p [id]="fileId() + '-hint'" class="hint">
                任意です。
                @if (task.allowedExtensions.length > 0) {
                  種類：{{ extensionsText() }}。
                }
                @if (task.maxFileBytes > 0) {
                  大きさ：{{ maxSize() }}まで。
                }
              </p>
              @if (fileError(); as message) {
                <p [id]="fileId() + '-error'" class="field-error">{{ message }}</p>
              }
            </div>
          }
          <button type="submit" class="button button-primary" [disabled]="busy()">提出する</button>
          @if (busy()) {
            <p class="muted" role="status">提出しています…</p>
          }
        </form>
      }
    }
    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (justSubmitted()) {
        <p class="alert alert-success">提出しました。評価をお待ちください。</p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>
  `,
})
export class AssignmentModuleComponent extends ModulePanelDirective {
  readonly courseUpdated = output<CourseDetail>();

  protected readonly submissionLabels = SUBMISSION_LABELS;
  protected readonly dateTime = formatJapaneseDateTime;

  protected readonly text = signal('');
  protected readonly file = signal<File | null>(null);
  protected readonly textError = signal<string | null>(null);
  protected readonly fileError = signal<string | null>(null);
  protected readonly justSubmitted = signal(false);

  protected readonly textId = computed(() => `assignment-${this.module().id}-text`);
  protected readonly fileId = computed(() => `assignment-${this.module().id}-file`);
  /** Open for a first submission, or again after it was returned. */
  protected readonly canSubmit = computed(() => {
    const submission = this.module().assignment?.submission ?? null;
    return submission === null || submission.status === 'returned';
  });
  protected readonly accept = computed(() =>
    acceptAttribute(this.module().assignment?.allowedExtensions ?? []),
  );
  protected readonly extensionsText = computed(() => this.accept().split(',').join('、'));
  protected readonly maxSize = computed(() => formatBytes(this.module().assignment?.maxFileBytes ?? 0));

  private readonly statusBox = viewChild<ElementRef<HTMLElement>>('statusBox');
  private readonly fileInput = viewChild<ElementRef<HTMLInputElement>>('fileInput');

  protected onText(event: Event): void {
    this.text.set((event.target as HTMLTextAreaElement).value);
    if (this.text().trim()) this.textError.set(null);
  }

  protected onFile(event: Event): void {
    const file = (event.target as HTMLInputElement).files?.item(0) ?? null;
    const task = this.module().assignment;
    this.file.set(file);
    this.fileError.set(
      file && task ? attachmentError(file, task.allowedExtensions, task.maxFileBytes) : null,
    );
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const text = this.text().trim();
    this.textError.set(text ? null : '提出内容を入力してください。');
    if (!text) {
      document.getElementById(this.textId())?.focus();
      return;
    }
    if (this.fileError()) {
      this.fileInput()?.nativeElement.focus();
      return;
    }
    this.justSubmitted.set(false);
    await this.act(
      () =>
        this.api.submitAssignment(this.courseCode(), this.module().id, this.fiscalYear(), text, this.file()),
      {
        done: (course) => {
          this.text.set('');
          this.file.set(null);
          this.justSubmitted.set(true);
          this.courseUpdated.emit(course);
        },
        focus: () => this.statusBox()?.nativeElement,
      },
    );
  }
}
