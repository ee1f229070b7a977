import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Problem } from './problem';

/**
 * Shows a problem (RFC 9457) to a person: title, detail and, when given, the per-field messages.
 * It renders nothing itself when there is no problem; place it inside a live region (role="alert")
 * that stays in the page, so screen readers announce the message when it appears.
 */
@Component({
  selector: 'dx-problem-alert',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (problem(); as p) {
      <div class="alert alert-error">
        <p class="alert-title">{{ p.title }}</p>
        <p>{{ p.detail }}</p>
        @if (showFieldErrors() && p.errors.length > 0) {
          <ul>
            @for (error of p.errors; track $index) {
              <li>{{ error.message }}</li>
            }
          </ul>
        }
      </div>
    }
  `,
})
export class ProblemAlertComponent {
  readonly problem = input<Problem | null>(null);
  /** List the problem's errors[] messages under the detail. */
  readonly showFieldErrors = input(false);
}
