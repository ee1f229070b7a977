import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { TeamMatrix } from '@dx/contract';
import { ProgressBarComponent } from '../learning/progress-bar.component';
import { completedOfAssigned } from './team-labels';

/** Where in the org the matrix is (a breadcrumb back up) and the units one level down, each a way to narrow it. */
@Component({
  selector: 'dx-team-drilldown',
  imports: [ProgressBarComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './team-drilldown.component.css',
  template: `
    <nav class="breadcrumb" aria-label="所属の階層">
      <ol>
        @for (crumb of breadcrumb(); track crumb.code; let last = $last) {
          <li>
            @if (last) {
              <span aria-current="location">{{ crumb.name }}</span>
            } @else {
              <button type="button" class="link-button" (click)="drill.emit(crumb.code)">
                {{ crumb.name }}
              </button>
            }
          </li>
        }
      </ol>
    </nav>

    @if (subUnits().length > 0) {
      <section class="card" aria-labelledby="team-subunits-heading">
        <h2 id="team-subunits-heading">下位の所属（{{ subUnits().length }}）</h2>
        <p class="hint">所属名を選ぶと、その所属に絞り込みます。</p>
        <ul class="subunits">
          @for (unit of subUnits(); track unit.code) {
            <li>
              <button type="button" class="link-button" (click)="drill.emit(unit.code)">
                {{ unit.name }}<span class="visually-hidden">に絞り込む</span>
              </button>
              <p class="subunit-counts">
                {{ completedOf(unit.completed, unit.assigned) }}
                @if (unit.overdue > 0) {
                  ・<span class="overdue-count">期限超過 {{ unit.overdue }}</span>
                } @else {
                  ・期限超過 0
                }
              </p>
              <dx-progress-bar
                [value]="unit.assigned > 0 ? unit.completed / unit.assigned : 0"
                [label]="unit.name + 'の修了率'"
              />
            </li>
          }
        </ul>
      </section>
    }
  `,
})
export class TeamDrilldownComponent {
  /** From the top of the manager's scope down to the unit shown (the last one is the current place). */
  readonly breadcrumb = input.required<readonly { code: string; name: string }[]>();
  readonly subUnits = input.required<TeamMatrix['subUnits']>();
  /** A unit's code ('' for the whole scope) to narrow the matrix to. */
  readonly drill = output<string>();
  protected readonly completedOf = completedOfAssigned;
}
