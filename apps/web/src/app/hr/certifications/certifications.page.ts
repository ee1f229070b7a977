import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { SpecialistCertificationView } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { CertificationStatusComponent } from '../../credentials/certification-status.component';
import { CredentialsApi } from '../../credentials/credentials.api';
import { JapaneseDatePipe } from '../../shared/japanese-date.pipe';
import { type Problem, toProblem } from '../../shared/problem';
import { ProblemAlertComponent } from '../../shared/problem-alert.component';

/** 認定者一覧 (HR): who is 認定 DX推進スペシャリスト until when, the completion check, revocation with a reason. */
@Component({
  selector: 'dx-certifications-page',
  imports: [ReactiveFormsModule, JapaneseDatePipe, ProblemAlertComponent, CertificationStatusComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>DX推進スペシャリスト認定者</h1>
    <p class="lead">
      養成課程（基礎・応用・実践）の研修をすべて修了し、課題が合格となった職員は自動で認定されます。認定証は
      Open Badges 3.0 形式で本人がダウンロードでき、公開の確認ページで誰でも真正性と失効を確認できます。
    </p>

    <section class="card" aria-labelledby="check-heading">
      <h2 id="check-heading">認定の判定</h2>
      <p>
        修了の記録を後から取り込んだときなどは、ここで判定を実行すると、要件を満たした未認定の職員を認定します（何度実行しても二重には認定しません）。
      </p>
      <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
        @if (message()) {
          <p class="alert alert-success">{{ message() }}</p>
        }
      </div>
      <button type="button" class="button button-primary" [disabled]="busy()" (click)="check()">
        認定の判定を実行する
      </button>
    </section>

    <section aria-labelledby="list-heading">
      <h2 id="list-heading">認定者の一覧</h2>
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problem() ?? loadProblem()" [showFieldErrors]="true" />
      </div>
      @if (certifications.isLoading()) {
        <p class="muted">読み込み中…</p>
      } @else if (rows().length === 0) {
        <p class="notice">認定者はまだいません。</p>
      } @else {
        <p>有効 {{ validCount() }}人 ／ 全 {{ rows().length }}件</p>
        <div class="table-wrap">
          <table class="data-table">
            <caption class="visually-hidden">
              DX推進スペシャリスト認定者の一覧
            </caption>
            <thead>
              <tr>
                <th scope="col">氏名</th>
                <th scope="col">職員番号</th>
                <th scope="col">所属</th>
                <th scope="col">認定日</th>
                <th scope="col">有効期限</th>
                <th scope="col">状態</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              @for (row of rows(); track row.id) {
                <tr>
                  <td>{{ row.name }}</td>
                  <td class="nowrap">{{ row.employeeNo }}</td>
                  <td>{{ row.unitName ?? '—' }}</td>
                  <td class="nowrap">{{ row.certifiedOn | jaDate }}</td>
                  <td class="nowrap">{{ row.validUntil | jaDate }}</td>
                  <td>
                    <dx-certification-status [status]="row.status" />
                    @if (row.revokedReason) {
                      <span class="hint">理由: {{ row.revokedReason }}</span>
                    }
                  </td>
                  <td>
                    @if (row.status !== 'revoked') {
                      <button type="button" class="button" (click)="choose(row)">
                        取り消す<span class="visually-hidden">（{{ row.name }}）</span>
                      </button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </section>

    @if (chosen(); as row) {
      <section class="card form-narrow" aria-labelledby="revoke-heading">
        <h2 id="revoke-heading">{{ row.name }}（{{ row.employeeNo }}）の認定を取り消す</h2>
        <p>
          取り消した認定証は、確認ページで「取り消されています」と表示されます。取り消しは元に戻せません。
        </p>
        <form [formGroup]="form" (ngSubmit)="revoke(row)" novalidate>
          <div class="field">
            <label for="revoke-reason">取消の理由（必須）</label>
            <textarea
              id="revoke-reason"
              formControlName="reason"
              rows="3"
              maxlength="500"
              required
              (input)="reasonMissing.set(false)"
              [attr.aria-invalid]="reasonMissing()"
              [attr.aria-describedby]="reasonMissing() ? 'revoke-reason-error' : null"
            ></textarea>
            @if (reasonMissing()) {
              <p id="revoke-reason-error" class="field-error">取消の理由を入力してください。</p>
            }
          </div>
          <button type="submit" class="button button-primary" [disabled]="busy()">認定を取り消す</button>
          <button type="button" class="button" (click)="chosen.set(null)">やめる</button>
        </form>
      </section>
    }
  `,
})
export class CertificationsPage {
  private readonly api = inject(CredentialsApi);
  protected readonly certifications = rxResource({ stream: () => this.api.list() });
  protected readonly rows = computed(() =>
    this.certifications.hasValue() ? this.certifications.value() : [],
  );
  protected readonly validCount = computed(() => this.rows().filter((r) => r.status === 'valid').length);
  protected readonly loadProblem = computed(() => toProblem(this.certifications.error()));
  protected readonly problem = signal<Problem | null>(null);
  protected readonly message = signal('');
  protected readonly busy = signal(false);
  protected readonly chosen = signal<SpecialistCertificationView | null>(null);
  protected readonly form = new FormGroup({
    reason: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(500)],
    }),
  });
  protected readonly reasonMissing = signal(false);

  protected choose(row: SpecialistCertificationView): void {
    this.chosen.set(row);
    this.reasonMissing.set(false);
    this.form.reset();
    this.problem.set(null);
    queueMicrotask(() => document.getElementById('revoke-reason')?.focus());
  }

  protected async check(): Promise<void> {
    await this.run(async () => {
      const { granted } = await firstValueFrom(this.api.check());
      this.message.set(granted > 0 ? `${granted}人を認定しました。` : '新たに認定する職員はいませんでした。');
    });
  }

  protected async revoke(row: SpecialistCertificationView): Promise<void> {
    if (!this.form.controls.reason.value.trim()) {
      this.reasonMissing.set(true);
      document.getElementById('revoke-reason')?.focus();
      return;
    }
    await this.run(async () => {
      await firstValueFrom(this.api.revoke(row.id, this.form.controls.reason.value.trim()));
      this.chosen.set(null);
      this.message.set(`${row.name}（${row.employeeNo}）の認定を取り消しました。`);
    });
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    this.message.set('');
    try {
      await work();
      this.certifications.reload();
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
