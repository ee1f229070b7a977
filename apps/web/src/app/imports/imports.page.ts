import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import type { ImportResultWithChanges, OrgClosingSummary } from '@dx/contract';
import { todayInTokyo } from '@dx/domain';
import { FiscalYearSelectComponent, PageHeaderComponent } from '@dx/ui';
import { firstValueFrom, merge } from 'rxjs';
import { hrFiscalYears } from '../hr/hr-inputs';
import { currentFiscalYear } from '../shared/dates';
import type { Problem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { ImportClosingComponent } from './import-closing.component';
import { ImportErrorsComponent } from './import-errors.component';
import { EXPECTED_COLUMNS, IMPORT_KINDS, KIND_LABELS, KIND_NOTES } from './import-labels';
import { ImportOutcomeComponent } from './import-outcome.component';
import { ISO_DATE, inputProblem, refusal } from './import-problems';
import { DATED_KINDS, type ImportCounts, type ImportKind, ImportsApi } from './imports.api';

/** データ取込: choose the kind, the file and its options, preview the changes, then apply them. */
@Component({
  selector: 'dx-imports-page',
  imports: [
    FiscalYearSelectComponent,
    ImportClosingComponent,
    ImportErrorsComponent,
    ImportOutcomeComponent,
    PageHeaderComponent,
    ProblemAlertComponent,
    ReactiveFormsModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dx-page-header
      heading="データ取込"
      lead="人事システムなどから出力した CSV を取り込みます。まず「プレビュー（反映しません）」で変更内容を確認し、問題がなければ「この内容で反映する」を押してください。"
    />

    <form class="card import-form" [formGroup]="form" (submit)="runPreview($event)" novalidate>
      <fieldset class="field">
        <legend>取込の種類</legend>
        <div class="radio-group">
          @for (option of kinds; track option) {
            <label class="radio">
              <input type="radio" name="import-kind" [value]="option" [formControl]="form.controls.kind" />
              {{ kindLabels[option] }}
            </label>
          }
        </div>
      </fieldset>

      <div class="field">
        <label for="import-file">CSVファイル</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          (change)="selectFile($event)"
          aria-describedby="import-columns"
        />
        <div id="import-columns" class="hint columns-note">
          <p>
            {{ kindLabels[kind()] }}の列（1行目の見出し）：<code>{{ expectedColumns() }}</code>
          </p>
          @if (kindNote(); as note) {
            <p>{{ note }}</p>
          }
          <p>文字コードは UTF-8 または Shift_JIS のどちらでも取り込めます。</p>
          @if (dated()) {
            <p>
              日付は 2026-04-01 の形のほか、2026/4/1
              や全角数字（２０２６／０４／０１）でも読み取り、YYYY-MM-DD にそろえて表示します。
            </p>
          }
        </div>
      </div>

      @if (dated()) {
        <div class="field field-inline">
          <label for="import-date">基準日</label>
          <input id="import-date" type="date" required formControlName="effectiveDate" />
        </div>
      }
      @if (kind() === 'promoters') {
        <dx-fiscal-year-select inputId="import-year" [years]="fiscalYears" formControlName="fiscalYear" />
      }

      @if (massLeave() && kind() === 'staff') {
        <div class="field mass-leave">
          <label class="checkbox">
            <input type="checkbox" formControlName="allowMassLeave" />
            大量の退職として反映することを確認しました
          </label>
        </div>
      }

      @if (massClose() && kind() === 'org-units') {
        <div class="field mass-close">
          <p id="mass-close-warning" class="alert alert-warning">
            <strong>所属の大量廃止の確認：</strong
            >このファイルでは多くの所属が廃止されます。下の「廃止される所属」の一覧と配置されている職員の数を確認し、意図どおりの場合だけチェックを入れてください。チェックを入れてもう一度プレビューすると、反映できるようになります。
          </p>
          <label class="checkbox">
            <input type="checkbox" formControlName="allowMassClose" aria-describedby="mass-close-warning" />
            多数の所属の廃止として反映することを確認しました
          </label>
        </div>
      }

      <div class="button-row">
        <button type="submit" class="button" [disabled]="busy() !== null">プレビュー（反映しません）</button>
        <button type="button" class="button button-primary" [disabled]="!canApply()" (click)="runApply()">
          この内容で反映する
        </button>
      </div>
      @if (!canApply() && !applied()) {
        <p class="hint">「この内容で反映する」は、プレビューで内容を確認した後に押せるようになります。</p>
      }
    </form>

    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (busy() === 'preview') {
        <p class="muted">プレビューを作成しています…</p>
      } @else if (busy() === 'apply') {
        <p class="muted">反映しています…</p>
      } @else if (applied()) {
        <p class="alert alert-success">{{ kindLabels[resultKind()] }}を反映しました。</p>
      } @else if (preview()) {
        <p class="alert alert-info">
          プレビューが完了しました。内容を確認してください（まだ反映していません）。
        </p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>

    @if (problem(); as p) {
      @if (p.errors.length > 0) {
        <dx-import-errors [errors]="p.errors" caption="エラーの一覧" />
      }
    }
    @if (massClose()?.closing; as closing) {
      @if (!preview()) {
        <dx-import-closing [closing]="closing" />
      }
    }

    @if (preview(); as result) {
      <dx-import-outcome [kind]="resultKind()" [result]="result" [fiscalYear]="resultFiscalYear()" />
    }
    @if (applied(); as result) {
      <dx-import-outcome
        [kind]="resultKind()"
        [result]="result"
        [fiscalYear]="resultFiscalYear()"
        [applied]="true"
      />
    }
  `,
})
export class ImportsPage {
  private readonly api = inject(ImportsApi);

  protected readonly kinds = IMPORT_KINDS;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly fiscalYears = hrFiscalYears();
  protected readonly form = new FormGroup({
    kind: new FormControl<ImportKind>('org-units', { nonNullable: true }),
    effectiveDate: new FormControl(todayInTokyo(), { nonNullable: true }),
    /** Promoter roster: the fiscal year it is for. */
    fiscalYear: new FormControl(currentFiscalYear(), { nonNullable: true }),
    allowMassLeave: new FormControl(false, { nonNullable: true }),
    allowMassClose: new FormControl(false, { nonNullable: true }),
  });
  protected readonly kind = toSignal(this.form.controls.kind.valueChanges, {
    initialValue: this.form.controls.kind.value,
  });
  /** A file input has no form control: the chosen file is kept here. */
  protected readonly file = signal<File | null>(null);

  protected readonly busy = signal<'preview' | 'apply' | null>(null);
  protected readonly problem = signal<Problem | null>(null);
  /** The last refusal because too many people would leave; shows the confirmation checkbox. */
  protected readonly massLeave = signal<Problem | null>(null);
  /** The units the last refused org chart would close; shows them and the confirmation checkbox. */
  protected readonly massClose = signal<{ closing: OrgClosingSummary | null } | null>(null);
  protected readonly preview = signal<ImportResultWithChanges<ImportCounts> | null>(null);
  protected readonly applied = signal<ImportResultWithChanges<ImportCounts> | null>(null);
  /** The kind the shown result belongs to. */
  protected readonly resultKind = signal<ImportKind>('org-units');
  /** The fiscal year the shown promoter result is for. */
  protected readonly resultFiscalYear = signal<number | null>(null);

  protected readonly expectedColumns = computed(() => EXPECTED_COLUMNS[this.kind()]);
  protected readonly kindNote = computed(() => KIND_NOTES[this.kind()] ?? null);
  /** Org chart and staff roster take effect on a 基準日; completions carry their own dates. */
  protected readonly dated = computed(() => DATED_KINDS.includes(this.kind()));
  protected readonly canApply = computed(
    () => this.preview() !== null && this.busy() === null && this.file() !== null,
  );

  constructor() {
    // Any change of file or options makes an earlier preview meaningless; a confirmation keeps the refusal shown.
    const { kind, effectiveDate, fiscalYear, allowMassLeave, allowMassClose } = this.form.controls;
    merge(kind.valueChanges, effectiveDate.valueChanges, fiscalYear.valueChanges)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.reset());
    merge(allowMassLeave.valueChanges, allowMassClose.valueChanges)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.reset({ keepMassLeave: true }));
  }

  protected selectFile(event: Event): void {
    this.file.set((event.target as HTMLInputElement).files?.item(0) ?? null);
    this.reset();
  }

  protected async runPreview(event?: Event): Promise<void> {
    event?.preventDefault();
    await this.send(true);
  }

  protected async runApply(): Promise<void> {
    if (!this.canApply()) return;
    await this.send(false);
  }

  /** Any change of file or options makes an earlier preview meaningless. */
  private reset({ keepMassLeave = false } = {}): void {
    this.preview.set(null);
    this.applied.set(null);
    this.problem.set(null);
    if (!keepMassLeave) {
      this.massLeave.set(null);
      this.massClose.set(null);
      this.form.patchValue({ allowMassLeave: false, allowMassClose: false }, { emitEvent: false });
    }
  }

  private async send(dryRun: boolean): Promise<void> {
    if (this.busy() !== null) return;
    const file = this.file();
    const { effectiveDate, fiscalYear: year, allowMassLeave, allowMassClose } = this.form.getRawValue();
    if (!file) {
      this.problem.set(
        inputProblem('ファイルを選択してください', '取り込む CSV ファイルを選択してください。'),
      );
      return;
    }
    const kind = this.kind();
    if (DATED_KINDS.includes(kind) && !ISO_DATE.test(effectiveDate)) {
      this.problem.set(
        inputProblem('基準日を入力してください', '基準日を年・月・日まで正しく入力してください。'),
      );
      return;
    }
    const fiscalYear = kind === 'promoters' ? year : undefined;
    this.busy.set(dryRun ? 'preview' : 'apply');
    this.problem.set(null);
    this.applied.set(null);
    if (dryRun) this.preview.set(null);
    try {
      const result = await firstValueFrom(
        this.api.upload({
          kind,
          file,
          dryRun,
          effectiveDate,
          allowMassLeave: kind === 'staff' && allowMassLeave,
          allowMassClose: kind === 'org-units' && allowMassClose,
          fiscalYear,
        }),
      );
      this.resultKind.set(kind);
      this.resultFiscalYear.set(fiscalYear ?? null);
      if (dryRun) {
        this.preview.set(result);
      } else {
        this.preview.set(null);
        this.applied.set(result);
      }
    } catch (error) {
      const refused = refusal(error);
      if (refused.massLeave) this.massLeave.set(refused.problem);
      if (refused.massClose) this.massClose.set(refused.massClose);
      this.problem.set(refused.problem);
      if (dryRun) this.preview.set(null);
    } finally {
      this.busy.set(null);
    }
  }
}
