import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { FieldError } from '@dx/contract';

/** Row errors of an import: 行, 列, 内容. */
@Component({
  selector: 'dx-import-errors',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-wrap" role="region" tabindex="0" [attr.aria-label]="caption()">
      <table class="data-table errors-table">
        <caption>
          {{
            caption()
          }}（{{
            errors().length
          }}件）
        </caption>
        <thead>
          <tr>
            <th scope="col" class="numeric">行</th>
            <th scope="col">列</th>
            <th scope="col">内容</th>
          </tr>
        </thead>
        <tbody>
          @for (error of errors(); track $index) {
            <tr>
              <td class="numeric">{{ error.row ?? '—' }}</td>
              <td>{{ error.column ?? error.field ?? '—' }}</td>
              <td>{{ error.message }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class ImportErrorsComponent {
  readonly errors = input.required<readonly FieldError[]>();
  readonly caption = input('エラーの一覧');
}
