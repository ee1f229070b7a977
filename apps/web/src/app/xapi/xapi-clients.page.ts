import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { API_BASE, type XapiClientCreated, type XapiClientView } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { XapiClientsApi } from './xapi-clients.api';

/** xAPI 接続 (system administrator): create a credential (its secret shown once), list them, revoke one. */
@Component({
  selector: 'dx-xapi-clients-page',
  imports: [ProblemAlertComponent, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .secret {
      font-family: monospace;
      word-break: break-all;
      user-select: all;
    }
  `,
  template: `
    <h1>xAPI 接続</h1>
    <p class="lead">
      Udemy Business や e ラーニング教材が学習記録（xAPI ステートメント）を送るための接続情報（Basic
      認証のキーとシークレット）を管理します。送り先は <code>{{ endpoint }}</code> です。
    </p>

    <section class="card" aria-labelledby="create-heading">
      <h2 id="create-heading">接続情報を作成する</h2>
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="createProblem()" [showFieldErrors]="true" />
      </div>
      <form [formGroup]="form" (submit)="create($event)" novalidate>
        <div class="field">
          <label for="xapi-name">接続の名前（どのシステムが使うか）</label>
          <input id="xapi-name" type="text" maxlength="200" formControlName="name" />
        </div>
        <button type="submit" class="button button-primary" [disabled]="busy()">作成する</button>
      </form>
      <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
        @if (created(); as c) {
          <div class="alert alert-success">
            <p>
              「{{
                c.name
              }}」を作成しました。シークレットはこの画面でしか表示されません。今すぐコピーして、接続するシステムに設定してください。
            </p>
            <dl class="summary-list">
              <div>
                <dt>キー（ユーザー名）</dt>
                <dd class="secret">{{ c.key }}</dd>
              </div>
              <div>
                <dt>シークレット（パスワード）</dt>
                <dd class="secret">{{ c.secret }}</dd>
              </div>
            </dl>
          </div>
        }
        @if (message()) {
          <p>{{ message() }}</p>
        }
      </div>
    </section>

    <section aria-labelledby="list-heading">
      <h2 id="list-heading">接続情報の一覧</h2>
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="listProblem()" />
      </div>
      @if (clients.hasValue()) {
        @if (clients.value().length === 0) {
          <p>接続情報はまだありません。</p>
        } @else {
          <div class="table-wrap">
            <table class="data-table">
              <caption class="visually-hidden">
                xAPI 接続情報
              </caption>
              <thead>
                <tr>
                  <th scope="col">名前</th>
                  <th scope="col">キー</th>
                  <th scope="col">作成</th>
                  <th scope="col">状態</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                @for (client of clients.value(); track client.id) {
                  <tr>
                    <td>{{ client.name }}</td>
                    <td class="nowrap">{{ client.key }}</td>
                    <td class="nowrap">{{ when(client.createdAt) }}（{{ client.createdBy ?? '—' }}）</td>
                    <td>{{ client.revokedAt ? '無効（' + when(client.revokedAt) + '）' : '有効' }}</td>
                    <td>
                      @if (!client.revokedAt) {
                        <button type="button" class="button" [disabled]="busy()" (click)="revoke(client)">
                          無効にする<span class="visually-hidden">（{{ client.name }}）</span>
                        </button>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      } @else if (clients.isLoading()) {
        <p class="muted">読み込み中…</p>
      }
    </section>
  `,
})
export class XapiClientsPage {
  private readonly api = inject(XapiClientsApi);
  protected readonly endpoint = `${location.origin}${API_BASE}/xapi/`;
  protected readonly clients = rxResource({ stream: () => this.api.list() });
  /** The create form (a typed reactive form): the credential's name. */
  protected readonly form = new FormGroup({ name: new FormControl('', { nonNullable: true }) });
  protected readonly busy = signal(false);
  protected readonly created = signal<XapiClientCreated | null>(null);
  protected readonly message = signal('');
  protected readonly createProblem = signal<Problem | null>(null);
  protected readonly revokeProblem = signal<Problem | null>(null);

  protected listProblem(): Problem | null {
    return this.revokeProblem() ?? (this.clients.error() ? toProblem(this.clients.error()) : null);
  }

  protected when(iso: string): string {
    return new Date(iso).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' });
  }

  protected async create(event: Event): Promise<void> {
    event.preventDefault();
    this.created.set(null);
    this.message.set('');
    this.createProblem.set(null);
    const name = this.form.controls.name.value.trim();
    if (!name) {
      this.createProblem.set({
        status: 422,
        type: 'validation',
        title: '入力エラー',
        detail: '接続の名前を入力してください。',
        errors: [],
      });
      return;
    }
    this.busy.set(true);
    try {
      this.created.set(await firstValueFrom(this.api.create(name)));
      this.form.reset();
      this.clients.reload();
    } catch (error) {
      this.createProblem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async revoke(client: XapiClientView): Promise<void> {
    if (
      !confirm(
        `「${client.name}」を無効にします。この接続情報で送られる学習記録は受け付けなくなります。よろしいですか。`,
      )
    )
      return;
    this.busy.set(true);
    this.revokeProblem.set(null);
    try {
      await firstValueFrom(this.api.revoke(client.id));
      this.created.set(null);
      this.message.set(`「${client.name}」を無効にしました。`);
      this.clients.reload();
    } catch (error) {
      this.revokeProblem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
