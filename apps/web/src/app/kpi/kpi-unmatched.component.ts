import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';

/** How many outside completion records (Udemy Business, xAPI) wait in HR's queue 連携の未照合, with a link to it. */
@Component({
  selector: 'dx-kpi-unmatched',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p class="alert" [class.alert-warning]="count() > 0" [class.alert-info]="count() === 0">
      @if (count() > 0) {
        外部研修（Udemy Business など）の修了記録のうち、職員や講座と照合できていないものが
        <strong>{{ count().toLocaleString('ja-JP') }}件</strong>あります。修了率に反映されていません。
        <a routerLink="/hr/unmatched">連携の未照合を開く</a>
      } @else {
        外部研修（Udemy Business など）の修了記録は、すべて照合済みです。
      }
    </p>
  `,
})
export class KpiUnmatchedComponent {
  readonly count = input(0);
}
