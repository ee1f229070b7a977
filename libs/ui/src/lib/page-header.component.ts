import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * The top of a page: its one <h1>, an optional lead sentence, and the page's own actions (projected content) beside
 * them, wrapping below on a narrow screen.
 */
@Component({
  selector: 'dx-page-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .page-header {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      justify-content: space-between;
      gap: 0.5rem 1.5rem;
    }
    .page-header-text {
      flex: 1 1 20rem;
      min-width: 0;
    }
    .page-header-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .page-header-actions:empty {
      display: none;
    }
  `,
  template: `
    <div class="page-header">
      <div class="page-header-text">
        <h1>{{ heading() }}</h1>
        @if (lead()) {
          <p class="lead">{{ lead() }}</p>
        }
      </div>
      <div class="page-header-actions"><ng-content /></div>
    </div>
  `,
})
export class PageHeaderComponent {
  readonly heading = input.required<string>();
  readonly lead = input<string | null>(null);
}
