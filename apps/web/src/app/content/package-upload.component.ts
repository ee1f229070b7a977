import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal } from '@angular/core';
import type { PackageView } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { ContentApi } from './content.api';

const STANDARD_LABELS: Record<PackageView['standard'], string> = {
  scorm12: 'SCORM 1.2',
  scorm2004: 'SCORM 2004',
  cmi5: 'cmi5',
};

const MOVE_ON_LABELS: Record<string, string> = {
  Passed: '合格（Passed）',
  Completed: '完了（Completed）',
  CompletedAndPassed: '完了かつ合格（CompletedAndPassed）',
  CompletedOrPassed: '完了または合格（CompletedOrPassed）',
  NotApplicable: '条件なし（NotApplicable）',
};

/**
 * The content of a package module: upload a SCORM or cmi5 zip, see what the server found in its manifest (title, version,
 * SCOs, mastery scores, launch files), then save the module. A new upload on a published course's draft is the
 * next course version.
 */
@Component({
  selector: 'dx-package-upload',
  imports: [ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="field">
      <label for="module-package-file"
        >教材パッケージ（SCORM 1.2 / 2004・cmi5 のZIPファイル、500MBまで）</label
      >
      <input
        id="module-package-file"
        type="file"
        accept=".zip,application/zip"
        (change)="upload($event)"
        [disabled]="busy()"
        [attr.aria-invalid]="error() ? true : null"
        [attr.aria-describedby]="error() ? 'module-packageId-error' : 'module-package-hint'"
      />
      <p id="module-package-hint" class="hint">
        オーサリングツールで「SCORM」または「cmi5」形式で書き出したZIPを選ぶと、内容を確認してから保存できます。
      </p>
      @if (error()) {
        <p id="module-packageId-error" class="field-error">{{ error() }}</p>
      }
    </div>
    <div role="status" aria-live="polite" class="live-region">
      @if (busy()) {
        <p class="muted">アップロードして確認しています…</p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
    </div>
    @if (view(); as p) {
      <section class="card" aria-labelledby="package-found-heading" data-testid="package-summary">
        <h4 id="package-found-heading">パッケージの内容</h4>
        <dl class="summary-list">
          <div>
            <dt>タイトル</dt>
            <dd>{{ p.title }}</dd>
          </div>
          <div>
            <dt>規格</dt>
            <dd>{{ standardLabel(p) }}（{{ p.version }}）</dd>
          </div>
          <div>
            <dt>ファイル</dt>
            <dd>{{ p.fileName }}（{{ p.fileCount }}個、{{ megabytes(p.totalBytes) }}MB）</dd>
          </div>
        </dl>
        <table>
          <caption>
            {{
              p.standard === 'cmi5' ? 'AU（学習単位）' : 'SCO（学習単位）'
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">名前</th>
              <th scope="col">起動ファイル</th>
              <th scope="col">合格基準</th>
              @if (p.standard === 'cmi5') {
                <th scope="col">修了条件（moveOn）</th>
              }
            </tr>
          </thead>
          <tbody>
            @for (sco of p.scos; track sco.id) {
              <tr>
                <td>{{ sco.title }}</td>
                <td>
                  <code>{{ sco.launch }}</code>
                </td>
                <td>{{ mastery(p, sco.masteryScore) }}</td>
                @if (p.standard === 'cmi5') {
                  <td>{{ moveOnLabel(sco.moveOn) }}</td>
                }
              </tr>
            }
          </tbody>
        </table>
      </section>
    }
  `,
})
export class PackageUploadComponent {
  private readonly api = inject(ContentApi);

  /** The module's package id (null when none yet). */
  readonly packageId = input<number | null>(null);
  readonly error = input<string>('');
  readonly uploaded = output<PackageView>();

  protected readonly view = signal<PackageView | null>(null);
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  constructor() {
    // An existing module shows its package.
    effect(() => {
      const id = this.packageId();
      if (id === null || this.view()?.id === id) return;
      firstValueFrom(this.api.package(id)).then(
        (view) => this.view.set(view),
        () => undefined,
      );
    });
  }

  protected async upload(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      const view = await firstValueFrom(this.api.uploadPackage(file));
      this.view.set(view);
      this.uploaded.emit(view);
    } catch (error) {
      this.problem.set(toProblem(error));
      input.value = '';
    } finally {
      this.busy.set(false);
    }
  }

  protected standardLabel(p: PackageView): string {
    return STANDARD_LABELS[p.standard];
  }

  protected moveOnLabel(moveOn: string | undefined): string {
    return MOVE_ON_LABELS[moveOn ?? 'NotApplicable'] ?? moveOn ?? '';
  }

  protected megabytes(bytes: number): string {
    return (Math.round((bytes / 1024 / 1024) * 10) / 10).toLocaleString('ja-JP');
  }

  protected mastery(p: PackageView, score: number | null): string {
    if (score === null) return '教材の判定に従う';
    return p.standard === 'scorm12' ? `${score}点以上` : `${Math.round(score * 100)}%以上`;
  }
}
