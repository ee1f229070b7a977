import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom } from 'rxjs';
import { formatFiscalYear } from '../shared/dates';
import { focusAfterRender } from '../shared/focus';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { errorsByField } from './content-labels';
import { ContentApi } from './content.api';
import { RuleCardComponent } from './rule-card.component';
import { type RuleRow, newRow, toRow, toRuleInput } from './rule-row';

/**
 * 割当ルール: who must take the course and by when. Saving replaces the course's rules and assigns, at once, everyone
 * they name in the current fiscal year (the API says how many).
 */
@Component({
  selector: 'dx-rules-editor',
  imports: [ProblemAlertComponent, RuleCardComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (publishedVersion() === 0) {
      <p class="notice">
        この研修はまだ公開されていません。公開するまでは、ルールを「無効」にした状態でのみ保存できます。
      </p>
    }
    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (rules.isLoading()) {
        <p class="muted">読み込み中…</p>
      }
      @if (result(); as r) {
        <div class="alert alert-success">
          <p class="alert-title">{{ r }}</p>
        </div>
      }
    </div>

    @if (rows().length === 0 && !rules.isLoading()) {
      <p>割当ルールはありません。職員への割当は人事担当の手作業のみになります。</p>
    }

    <form (submit)="save($event)" novalidate>
      @for (row of rows(); track row.key; let i = $index) {
        <dx-rule-card [row]="row" [index]="i" [errors]="byField()" (removed)="removeRow(i)" />
      }

      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problem()" [showFieldErrors]="otherErrors().length > 0" />
      </div>
      <div class="button-row">
        <button type="button" class="button" id="rule-add" (click)="addRow()">ルールを追加</button>
        <button type="submit" class="button button-primary" [disabled]="busy() || rules.isLoading()">
          割当ルールを保存
        </button>
      </div>
      <p class="hint">
        保存すると、今年度の対象者にこの研修がすぐに割り当てられます。ルールを削除・無効にしても、割当済みの研修は取り消されません。
      </p>
    </form>
  `,
})
export class RulesEditorComponent {
  private readonly api = inject(ContentApi);
  private readonly injector = inject(Injector);

  readonly courseCode = input.required<string>();
  readonly publishedVersion = input.required<number>();
  /** The number of assignments the save added, so the page can refresh what it shows about the course. */
  readonly saved = output<number>();

  protected readonly rules = rxResource({
    params: () => this.courseCode(),
    stream: ({ params }) => this.api.rules(params),
  });
  protected readonly rows = linkedSignal<RuleRow[]>(() =>
    this.rules.hasValue() ? this.rules.value().map(toRow) : [],
  );
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly result = signal<string | null>(null);

  protected readonly byField = computed(() => errorsByField(this.problem()?.errors));
  /** Errors not about one rule (the list itself). */
  protected readonly otherErrors = computed(() =>
    [...this.byField().keys()].filter((f) => !/^rules\.\d+\./.test(f)),
  );

  protected addRow(): void {
    const row = newRow(this.publishedVersion() > 0);
    this.rows.update((rows) => [...rows, row]);
    this.focusLater(`rule-${row.key}`);
  }

  protected removeRow(index: number): void {
    this.rows.update((rows) => rows.filter((_, i) => i !== index));
    this.problem.set(null);
    this.focusLater('rule-add');
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    this.busy.set(true);
    this.problem.set(null);
    this.result.set(null);
    try {
      const saved = await firstValueFrom(this.api.saveRules(this.courseCode(), this.rows().map(toRuleInput)));
      this.rows.set(saved.rules.map(toRow));
      this.saved.emit(saved.assigned);
      const year = formatFiscalYear(saved.fiscalYear);
      this.result.set(
        saved.assigned > 0
          ? `割当ルールを保存しました。${saved.assigned}件の割当を追加しました（${year}）。`
          : `割当ルールを保存しました。新たに追加された割当はありません（${year}）。`,
      );
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  private focusLater(id: string): void {
    focusAfterRender(this.injector, id);
  }
}
