import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { ImportResultWithChanges } from '@dx/contract';
import { ImportChangesComponent } from './import-changes.component';
import { ImportClosingComponent } from './import-closing.component';
import { ImportErrorsComponent } from './import-errors.component';
import { ImportResultComponent } from './import-result.component';
import type { ImportCounts, ImportKind } from './imports.api';

/** A preview's result (nothing applied yet) or an applied import's: counts, warnings, notes and changes. */
@Component({
  selector: 'dx-import-outcome',
  imports: [ImportChangesComponent, ImportClosingComponent, ImportErrorsComponent, ImportResultComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let shown = result();
    <section [attr.aria-labelledby]="applied() ? 'applied-heading' : 'preview-heading'">
      @if (applied()) {
        <h2 id="applied-heading">反映結果</h2>
      } @else {
        <h2 id="preview-heading">プレビュー結果</h2>
      }
      <dx-import-result
        [kind]="kind()"
        [result]="shown"
        [fiscalYear]="fiscalYear()"
        [caption]="applied() ? '反映した件数' : '反映される件数（まだ反映していません）'"
      />
      @for (warning of shown.warnings ?? []; track warning.code) {
        <p class="alert alert-warning">{{ warning.message }}</p>
      }
      @if (shown.errors.length > 0) {
        <dx-import-errors [errors]="shown.errors" caption="確認事項" />
      }
      @if (shown.closing; as closing) {
        @if (!applied()) {
          <dx-import-closing [closing]="closing" />
        }
      }
      @if (shown.changes; as changes) {
        <dx-import-changes
          [kind]="kind()"
          [changes]="changes"
          [truncated]="shown.changesTruncated ?? false"
          [caption]="applied() ? '反映した変更' : '変更の内容（まだ反映していません）'"
        />
      }
    </section>
  `,
})
export class ImportOutcomeComponent {
  readonly result = input.required<ImportResultWithChanges<ImportCounts>>();
  /** The kind and (promoter roster) fiscal year the result belongs to. */
  readonly kind = input.required<ImportKind>();
  readonly fiscalYear = input<number | null>(null);
  /** True for what was applied, false for a preview. */
  readonly applied = input(false);
}
