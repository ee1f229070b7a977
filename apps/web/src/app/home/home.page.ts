import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { can } from '@dx/contract';
import { AuthService } from '../auth/auth.service';
import { navItemsFor } from '../layout/nav-items';
import { currentFiscalYearLabel, formatJapaneseDateTime } from '../shared/dates';
import { roleLabels } from '../shared/roles';

@Component({
  selector: 'dx-home-page',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>ホーム</h1>
    @if (flash; as message) {
      <p class="alert alert-success" role="status">{{ message }}</p>
    }
    @if (auth.me(); as me) {
      <section class="card welcome" aria-labelledby="welcome-heading">
        <h2 id="welcome-heading">ようこそ、{{ me.displayName }}さん</h2>
        <dl class="summary-list">
          <div>
            <dt>現在の年度</dt>
            <dd>{{ fiscalYear }}</dd>
          </div>
          <div>
            <dt>所属団体</dt>
            <dd>{{ me.tenantName }}</dd>
          </div>
          <div>
            <dt>役割</dt>
            <dd>{{ roles() }}</dd>
          </div>
          @if (me.managedUnit; as unit) {
            <div>
              <dt>管理する所属</dt>
              <dd>
                @if (canViewStaff()) {
                  <a routerLink="/staff" [queryParams]="{ orgUnitCode: unit.code }">{{ unit.name }}</a>
                } @else {
                  {{ unit.name }}
                }
              </dd>
            </div>
          }
          <div>
            <dt>前回のログイン</dt>
            <dd id="last-login">
              @if (me.lastLogin; as last) {
                {{ formatDateTime(last.at) }}（接続元 {{ last.ip }}）
                <span class="hint"
                  >心当たりがない場合は、パスワードを変更し、情報システム担当にご連絡ください。</span
                >
              } @else {
                今回が初めてのログインです
              }
            </dd>
          </div>
        </dl>
      </section>
    }

    <section aria-labelledby="links-heading">
      <h2 id="links-heading">利用できる機能</h2>
      <ul class="link-cards">
        @for (item of links(); track item.path) {
          <li class="card">
            <a class="link-card-title" [routerLink]="item.path">{{ item.action }}</a>
            <p>{{ item.description }}</p>
          </li>
        }
        <li class="card">
          <a class="link-card-title" routerLink="/change-password">パスワードを変更する</a>
          <p>ログインに使うパスワードを変更します。</p>
        </li>
      </ul>
    </section>
  `,
})
export class HomePage {
  protected readonly auth = inject(AuthService);
  protected readonly fiscalYear = currentFiscalYearLabel();
  protected readonly formatDateTime = formatJapaneseDateTime;
  protected readonly roles = computed(() => roleLabels(this.auth.roles()));
  protected readonly canViewStaff = computed(() => can(this.auth.roles(), 'staff.read'));
  /** Every page the roles allow, except home itself. */
  protected readonly links = computed(() =>
    navItemsFor(this.auth.roles()).filter((item) => item.path !== '/'),
  );
  /** A one-time message passed by the page that navigated here (e.g. after a password change). */
  protected readonly flash: string | null =
    (inject(Router).currentNavigation()?.extras.info as { message?: string } | undefined)?.message ?? null;
}
