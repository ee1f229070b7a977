import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { PlatformTenant } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { PlatformApi } from './platform.api';
import { TenantCreateFormComponent } from './tenant-create-form.component';

/** 団体管理 (the platform operator): the deployment's tenants, a new one, and switching one off or on. */
@Component({
  selector: 'dx-platform-tenants-page',
  imports: [ProblemAlertComponent, TenantCreateFormComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>団体管理</h1>
    <p class="lead">
      このシステムを共同利用する団体（県・市町）を作成し、利用を停止・再開します。運用者は各団体の職員・受講状況・統計を見ることはできません。
    </p>
    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (message()) {
        <p class="alert alert-success">{{ message() }}</p>
      }
    </div>

    <section aria-labelledby="tenants-heading">
      <h2 id="tenants-heading">団体の一覧</h2>
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="listProblem()" />
      </div>
      @if (tenants.hasValue()) {
        @if (tenants.value().length === 0) {
          <p>団体はまだありません。</p>
        } @else {
          <div class="table-wrap">
            <table class="data-table">
              <caption class="visually-hidden">
                団体の一覧
              </caption>
              <thead>
                <tr>
                  <th scope="col">団体コード</th>
                  <th scope="col">団体名</th>
                  <th scope="col" class="numeric">職員数</th>
                  <th scope="col">状態</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                @for (tenant of tenants.value(); track tenant.code) {
                  <tr>
                    <td class="nowrap">{{ tenant.code }}</td>
                    <td>{{ tenant.name }}</td>
                    <td class="numeric">{{ tenant.staffCount.toLocaleString('ja-JP') }}</td>
                    <td>{{ tenant.disabled ? '利用停止中' : '利用中' }}</td>
                    <td>
                      <button type="button" class="button" [disabled]="busy()" (click)="toggle(tenant)">
                        {{ tenant.disabled ? '利用を再開する' : '利用を停止する'
                        }}<span class="visually-hidden">（{{ tenant.name }}）</span>
                      </button>
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      } @else if (tenants.isLoading()) {
        <p class="muted">読み込み中…</p>
      }
    </section>

    <section class="card" aria-labelledby="create-heading">
      <h2 id="create-heading">団体を作成する</h2>
      <p>新しい団体には既定の研修体系・研修と職位の一覧が用意され、最初のシステム管理者が作られます。</p>
      <dx-tenant-create-form (created)="created($event)" />
    </section>
  `,
})
export class PlatformTenantsPage {
  private readonly api = inject(PlatformApi);
  protected readonly tenants = rxResource({ stream: () => this.api.list() });
  protected readonly busy = signal(false);
  protected readonly message = signal('');
  private readonly toggleProblem = signal<Problem | null>(null);

  protected listProblem(): Problem | null {
    return this.toggleProblem() ?? (this.tenants.error() ? toProblem(this.tenants.error()) : null);
  }

  protected created(tenant: PlatformTenant): void {
    this.message.set(
      `団体「${tenant.name}」（${tenant.code}）を作成しました。管理者はログイン画面で団体コード ${tenant.code} を選んでログインします。`,
    );
    this.tenants.reload();
  }

  protected async toggle(tenant: PlatformTenant): Promise<void> {
    const disabling = !tenant.disabled;
    if (
      disabling &&
      !confirm(
        `「${tenant.name}」の利用を停止します。この団体の職員はログインできなくなり、ログイン中の人も利用できなくなります。データは削除されません。よろしいですか。`,
      )
    )
      return;
    this.busy.set(true);
    this.toggleProblem.set(null);
    try {
      await firstValueFrom(this.api.setDisabled(tenant.code, disabling));
      this.message.set(`「${tenant.name}」の利用を${disabling ? '停止' : '再開'}しました。`);
      this.tenants.reload();
    } catch (error) {
      this.toggleProblem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
