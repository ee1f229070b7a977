import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

/**
 * A labelled region of filters (a search landmark by default) that lays out the projected controls in a wrapping row.
 * Put the reactive form on the host (`<dx-filter-bar [formGroup]="filters">`); submitting (Enter) emits `submitted`
 * and never reloads the page.
 */
@Component({
  selector: 'dx-filter-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .filter-bar {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: 1rem 1.5rem;
    }
  `,
  template: `
    <form
      class="card toolbar filter-bar"
      [attr.role]="role()"
      [attr.aria-label]="label()"
      (submit)="submit($event)"
    >
      <ng-content />
    </form>
  `,
})
export class FilterBarComponent {
  /** What the filters narrow, read by screen readers as the region's name (「受講状況の絞り込み」). */
  readonly label = input.required<string>();
  readonly role = input<'search' | 'form'>('search');
  readonly submitted = output();

  protected submit(event: Event): void {
    event.preventDefault();
    this.submitted.emit();
  }
}
