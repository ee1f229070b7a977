import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import type {
  ImportResultWithChanges,
  MassCloseProblemExtension,
  MassLeaveProblemExtension,
  OrgClosingSummary,
} from '@dx/contract';
import { todayInTokyo } from '@dx/domain';
import { PageHeaderComponent } from '@dx/ui';
import { firstValueFrom } from 'rxjs';
import { hrFiscalYears } from '../hr/hr-inputs';
import { currentFiscalYear, formatFiscalYear } from '../shared/dates';
import { type Problem, isProblemType, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { ImportChangesComponent } from './import-changes.component';
import { ImportClosingComponent } from './import-closing.component';
import { ImportErrorsComponent } from './import-errors.component';
import { EXPECTED_COLUMNS, KIND_LABELS, KIND_NOTES } from './import-labels';
import { ImportResultComponent } from './import-result.component';
import { DATED_KINDS, type ImportCounts, type ImportKind, ImportsApi } from './imports.api';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function inputProblem(title: string, detail: string): Problem {
  return { status: 0, type: 'about:blank', title, detail, errors: [] };
}

/** The members a problem carries beyond type, title and detail (the numbers of a mass leave or close). */
function problemBody(error: unknown): Record<string, unknown> {
  if (!(error instanceof HttpErrorResponse)) return {};
  let body: unknown = error.error;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return {};
    }
  }
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

const MASS_LEAVE_CONFIRM = '大量の退職として反映することを確認しました';
const MASS_CLOSE_CONFIRM = '多数の所属の廃止として反映することを確認しました';

/**
 * The API's detail names its query parameter (allowMassLeave=true), which is for integrators; the page says the
 * same in terms of its own checkbox.
 */
function massLeaveDetail(numbers: Partial<MassLeaveProblemExtension>): string {
  const share =
    typeof numbers.activeStaff === 'number' && typeof numbers.leaving === 'number'
      ? `在職者${numbers.activeStaff.toLocaleString('ja-JP')}人のうち${numbers.leaving.toLocaleString('ja-JP')}人（${numbers.percent ?? 0}%）`
      : '在職者の10%を超える人';
  return (
    `この名簿を反映すると、${share}が退職扱いになります。名簿の一部だけを送っていないか確認してください。` +
    `意図どおりなら「${MASS_LEAVE_CONFIRM}」にチェックを入れて、もう一度プレビューしてください。`
  );
}

function massCloseDetail(closing: OrgClosingSummary | null): string {
  const share = closing
    ? `基準日に存在する${closing.openUnits.toLocaleString('ja-JP')}所属のうち${closing.closingUnits.toLocaleString('ja-JP')}所属（${closing.percent}%）が廃止され、` +
      `そこに配置されている${closing.placedStaff.toLocaleString('ja-JP')}人が廃止された所属に残ります。`
    : '基準日に存在する所属の10%を超える所属が廃止されます。';
  return (
    `このファイルを反映すると、${share}組織図の一部だけを送っていないか、廃止される所属の一覧で確認してください。` +
    `意図どおりなら「${MASS_CLOSE_CONFIRM}」にチェックを入れて、もう一度プレビューしてください。`
  );
}

@Component({
  selector: 'dx-imports-page',
  imports: [
    PageHeaderComponent,
    ProblemAlertComponent,
    ImportErrorsComponent,
    ImportResultComponent,
    ImportChangesComponent,
    ImportClosingComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dx-page-header
      heading="データ取込"
      lead="人事システムなどから出力した CSV を取り込みます。まず「プレビュー（反映しません）」で変更内容を確認し、問題がなければ「この内容で反映する」を押してください。"
    />

    <form class="card import-form" (submit)="runPreview($event)" novalidate>
      <fieldset class="field">
        <legend>取込の種類</legend>
        <div class="radio-group">
          @for (option of kinds; track option) {
            <label class="radio">
              <input
                type="radio"
                name="import-kind"
                [value]="option"
                [checked]="kind() === option"
                (change)="selectKind(option)"
              />
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
          <input
            id="import-date"
            type="date"
            required
            [value]="effectiveDate()"
            (change)="selectDate($event)"
          />
        </div>
      }
      @if (kind() === 'promoters') {
        <div class="field field-inline">
          <label for="import-year">年度</label>
          <select id="import-year" (change)="selectFiscalYear($event)">
            @for (year of fiscalYears; track year) {
              <option [value]="year" [selected]="year === fiscalYear()">{{ yearLabel(year) }}</option>
            }
          </select>
        </div>
      }

      @if (massLeave() && kind() === 'staff') {
        <div class="field mass-leave">
          <label class="checkbox">
            <input type="checkbox" [checked]="allowMassLeave()" (change)="setAllowMassLeave($event)" />
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
            <input
              type="checkbox"
              [checked]="allowMassClose()"
              (change)="setAllowMassClose($event)"
              aria-describedby="mass-close-warning"
            />
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
      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading">プレビュー結果</h2>
        <dx-import-result
          [kind]="resultKind()"
          [result]="result"
          [fiscalYear]="resultFiscalYear()"
          caption="反映される件数（まだ反映していません）"
        />
        @for (warning of result.warnings ?? []; track warning.code) {
          <p class="alert alert-warning">{{ warning.message }}</p>
        }
        @if (result.errors.length > 0) {
          <dx-import-errors [errors]="result.errors" caption="確認事項" />
        }
        @if (result.closing; as closing) {
          <dx-import-closing [closing]="closing" />
        }
        @if (result.changes; as changes) {
          <dx-import-changes
            [kind]="resultKind()"
            [changes]="changes"
            [truncated]="result.changesTruncated ?? false"
            caption="変更の内容（まだ反映していません）"
          />
        }
      </section>
    }

    @if (applied(); as result) {
      <section aria-labelledby="applied-heading">
        <h2 id="applied-heading">反映結果</h2>
        <dx-import-result
          [kind]="resultKind()"
          [result]="result"
          [fiscalYear]="resultFiscalYear()"
          caption="反映した件数"
        />
        @for (warning of result.warnings ?? []; track warning.code) {
          <p class="alert alert-warning">{{ warning.message }}</p>
        }
        @if (result.errors.length > 0) {
          <dx-import-errors [errors]="result.errors" caption="確認事項" />
        }
        @if (result.changes; as changes) {
          <dx-import-changes
            [kind]="resultKind()"
            [changes]="changes"
            [truncated]="result.changesTruncated ?? false"
            caption="反映した変更"
          />
        }
      </section>
    }
  `,
})
export class ImportsPage {
  private readonly api = inject(ImportsApi);

  protected readonly kinds: readonly ImportKind[] = [
    'org-units',
    'staff',
    'completions',
    'promoters',
    'udemy-business',
  ];
  protected readonly kindLabels = KIND_LABELS;
  protected readonly fiscalYears = hrFiscalYears();
  protected readonly yearLabel = formatFiscalYear;

  protected readonly kind = signal<ImportKind>('org-units');
  protected readonly file = signal<File | null>(null);
  protected readonly effectiveDate = signal(todayInTokyo());
  protected readonly allowMassLeave = signal(false);
  protected readonly allowMassClose = signal(false);
  /** Promoter roster: the fiscal year it is for. */
  protected readonly fiscalYear = signal(currentFiscalYear());

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

  protected selectKind(kind: ImportKind): void {
    this.kind.set(kind);
    this.reset();
  }

  protected selectFile(event: Event): void {
    this.file.set((event.target as HTMLInputElement).files?.item(0) ?? null);
    this.reset();
  }

  protected selectDate(event: Event): void {
    this.effectiveDate.set((event.target as HTMLInputElement).value);
    this.reset();
  }

  protected selectFiscalYear(event: Event): void {
    this.fiscalYear.set(Number((event.target as HTMLSelectElement).value));
    this.reset();
  }

  protected setAllowMassLeave(event: Event): void {
    this.allowMassLeave.set((event.target as HTMLInputElement).checked);
    this.reset({ keepMassLeave: true });
  }

  protected setAllowMassClose(event: Event): void {
    this.allowMassClose.set((event.target as HTMLInputElement).checked);
    this.reset({ keepMassLeave: true });
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
      this.allowMassLeave.set(false);
      this.massClose.set(null);
      this.allowMassClose.set(false);
    }
  }

  private async send(dryRun: boolean): Promise<void> {
    if (this.busy() !== null) return;
    const file = this.file();
    const effectiveDate = this.effectiveDate();
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
    const fiscalYear = kind === 'promoters' ? this.fiscalYear() : undefined;
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
          allowMassLeave: kind === 'staff' && this.allowMassLeave(),
          allowMassClose: kind === 'org-units' && this.allowMassClose(),
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
      let problem = toProblem(error);
      if (problem.status === 422 && isProblemType(problem, 'mass-leave')) {
        problem = {
          ...problem,
          detail: massLeaveDetail(problemBody(error) as Partial<MassLeaveProblemExtension>),
        };
        this.massLeave.set(problem);
      } else if (problem.status === 422 && isProblemType(problem, 'mass-close')) {
        const closing = (problemBody(error) as Partial<MassCloseProblemExtension>).closing ?? null;
        problem = { ...problem, detail: massCloseDetail(closing) };
        this.massClose.set({ closing });
      }
      this.problem.set(problem);
      if (dryRun) this.preview.set(null);
    } finally {
      this.busy.set(null);
    }
  }
}
