import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { can, type UdemyBusinessConnectionView, type UdemySyncResult } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { formatJapaneseDate, formatJapaneseDateTime } from '../shared/dates';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { UdemySyncApi } from './udemy-sync.api';

type Field = 'baseUrl' | 'organizationId' | 'clientId' | 'clientSecret';

const text = () => new FormControl('', { nonNullable: true });

/**
 * Udemy Business 連携: the tenant's Reporting API connection (the system administrator sets it; the secret can be
 * written, never read back) and its sync (HR: the last result, and 今すぐ同期). The server also syncs every night.
 */
@Component({
  selector: 'dx-udemy-business-page',
  imports: [ProblemAlertComponent, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Udemy Business 連携</h1>
    <p class="lead">
      Udemy Business のレポートAPIから受講状況を取り込み、修了したコースに対応する教材を修了にします。
      毎晩2時30分に自動で同期するほか、「今すぐ同期」で最新の状況を取り込めます。
      職員や教材と照合できなかった行は、連携の未照合として残ります。
    </p>

    <section class="card" aria-labelledby="sync-heading">
      <h2 id="sync-heading">同期の状況</h2>
      @if (connection.isLoading()) {
        <p class="muted">読み込み中…</p>
      } @else if (view(); as c) {
        <dl class="facts">
          <dt>接続先</dt>
          <dd>{{ c.baseUrl }}（組織ID {{ c.organizationId }}）</dd>
          <dt>最後の同期</dt>
          <dd>{{ c.lastSyncAt ? dateTime(c.lastSyncAt) : 'まだ同期していません' }}</dd>
          <dt>結果</dt>
          <dd>{{ resultText(c.lastResult) }}</dd>
          <dt>次回の取込範囲</dt>
          <dd>
            {{ c.lastSuccessAt ? day(c.lastSuccessAt) + '以降の受講状況' : 'すべての受講状況（初回）' }}
          </dd>
        </dl>
        @if (canSync()) {
          <button type="button" class="button button-primary" [disabled]="busy()" (click)="sync()">
            今すぐ同期
          </button>
          @if (busy() === 'sync') {
            <p class="muted">同期しています。件数が多いと数分かかることがあります…</p>
          }
        }
      } @else {
        <p>Udemy Business の接続先はまだ設定されていません。</p>
      }
    </section>

    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (message(); as text) {
        <p class="alert alert-success">{{ text }}</p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
    </div>

    @if (canConfigure()) {
      <section class="card" aria-labelledby="connection-heading">
        <h2 id="connection-heading">接続先の設定</h2>
        <form [formGroup]="form" (submit)="save($event)" novalidate>
          @for (f of fields; track f.name) {
            <div class="field">
              <label [for]="'udemy-' + f.name">{{ f.label }}</label>
              <input
                [id]="'udemy-' + f.name"
                [type]="f.name === 'clientSecret' ? 'password' : f.name === 'baseUrl' ? 'url' : 'text'"
                [attr.autocomplete]="f.name === 'clientSecret' ? 'new-password' : 'off'"
                [attr.placeholder]="f.placeholder"
                [formControlName]="f.name"
                [attr.aria-invalid]="errorOf(f.name) !== null"
                [attr.aria-describedby]="'udemy-' + f.name + '-hint'"
              />
              <p [id]="'udemy-' + f.name + '-hint'" class="hint">
                @if (errorOf(f.name); as error) {
                  <span class="field-error">{{ error }}</span>
                }
                {{ f.name === 'clientSecret' ? secretHint() : f.hint }}
              </p>
            </div>
          }
          <button type="submit" class="button" [disabled]="busy()">接続先を保存</button>
        </form>
      </section>
    }
  `,
})
export class UdemyBusinessPage {
  private readonly api = inject(UdemySyncApi);
  private readonly auth = inject(AuthService);

  protected readonly fields: { name: Field; label: string; hint: string; placeholder: string }[] = [
    {
      name: 'baseUrl',
      label: '接続先URL',
      hint: 'Udemy Business の組織のURL（http:// または https://）。',
      placeholder: 'https://pref-example.udemy.com',
    },
    {
      name: 'organizationId',
      label: '組織ID',
      hint: 'Udemy Business の管理画面のAPI設定にある組織IDです。',
      placeholder: '',
    },
    { name: 'clientId', label: 'クライアントID', hint: 'レポートAPIのクライアントIDです。', placeholder: '' },
    { name: 'clientSecret', label: 'クライアントシークレット', hint: '', placeholder: '' },
  ];

  protected readonly canConfigure = computed(() => can(this.auth.roles(), 'integrations.configure'));
  protected readonly canSync = computed(() => can(this.auth.roles(), 'integrations.sync'));
  protected readonly busy = signal<'save' | 'sync' | null>(null);
  protected readonly message = signal<string | null>(null);
  protected readonly problem = signal<Problem | null>(null);
  /** 404: nothing connected yet (shown as such, not as an error). */
  protected readonly connection = rxResource({ stream: () => this.api.connection() });
  private readonly saved = signal<UdemyBusinessConnectionView | null>(null);
  protected readonly view = computed(() => {
    const own = this.saved();
    if (own) return own;
    return this.connection.hasValue() ? this.connection.value() : null;
  });
  /** The connection form (a typed reactive form). */
  protected readonly form = new FormGroup<Record<Field, FormControl<string>>>({
    baseUrl: text(),
    organizationId: text(),
    clientId: text(),
    clientSecret: text(),
  });

  constructor() {
    // Filled from the stored connection whenever it is (re)loaded; the secret field always starts empty.
    effect(() => {
      const c = this.view();
      untracked(() =>
        this.form.setValue({
          baseUrl: c?.baseUrl ?? '',
          organizationId: c?.organizationId ?? '',
          clientId: c?.clientId ?? '',
          clientSecret: '',
        }),
      );
    });
  }

  protected secretHint(): string {
    return this.view()
      ? '保存済みのシークレットは表示されません。変更するときだけ入力してください（空欄のままなら保存済みのものを使います）。暗号化して保存されます。'
      : 'レポートAPIのクライアントシークレットです。暗号化して保存され、画面やAPIで表示されることはありません。';
  }

  protected errorOf(field: Field): string | null {
    return this.problem()?.errors.find((e) => e.field === field)?.message ?? null;
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const v = this.form.getRawValue();
    const input = {
      baseUrl: v.baseUrl.trim(),
      organizationId: v.organizationId.trim(),
      clientId: v.clientId.trim(),
      ...(v.clientSecret ? { clientSecret: v.clientSecret } : {}),
    };
    await this.run('save', async () => {
      this.saved.set(await firstValueFrom(this.api.save(input)));
      return '接続先を保存しました。シークレットは暗号化して保存されています。';
    });
  }

  protected async sync(): Promise<void> {
    await this.run('sync', async () => {
      const answer = await firstValueFrom(this.api.sync());
      this.saved.set(await firstValueFrom(this.api.connection()));
      const c = answer.counts;
      return `同期しました（${answer.fetched}件を取得：修了 ${c.completed}件・変更なし ${c.unchanged}件・未照合など ${c.skipped}件）。`;
    });
  }

  protected resultText(result: UdemySyncResult | null): string {
    if (!result) return '—';
    if (!result.ok)
      return `失敗（${result.upstreamStatus ? `応答 ${result.upstreamStatus}：` : ''}${result.detail}）`;
    const c = result.counts;
    return `成功：${result.fetched}件を取得（修了 ${c.completed}件・変更なし ${c.unchanged}件・未照合など ${c.skipped}件）`;
  }

  protected dateTime(value: string): string {
    return formatJapaneseDateTime(value);
  }

  /** The day `from_date` will name (Udemy's days are UTC). */
  protected day(value: string): string {
    return formatJapaneseDate(value.slice(0, 10));
  }

  private async run(kind: 'save' | 'sync', work: () => Promise<string>): Promise<void> {
    this.busy.set(kind);
    this.message.set(null);
    this.problem.set(null);
    try {
      this.message.set(await work());
    } catch (error) {
      this.problem.set(toProblem(error));
      // A failed sync is recorded as the last result: show it.
      if (kind === 'sync')
        this.saved.set(await firstValueFrom(this.api.connection()).catch(() => this.view()));
    } finally {
      this.busy.set(null);
    }
  }
}
