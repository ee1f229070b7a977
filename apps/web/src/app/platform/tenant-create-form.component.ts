import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import type { PlatformTenant } from '@dx/contract';
import { MIN_PASSWORD_LENGTH } from '@dx/domain';
import { firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { PlatformApi } from './platform.api';
import { errorsByField, tenantFormErrors } from './tenant-form';

interface FieldSpec {
  name: 'code' | 'name' | 'adminLoginId' | 'adminPassword' | 'confirmation';
  id: string;
  label: string;
  type: 'text' | 'password';
  autocomplete: string;
  hint?: string;
}

/** The platform operator's form for a new tenant and its first system administrator; errors beside each field. */
@Component({
  selector: 'dx-tenant-create-form',
  imports: [ReactiveFormsModule, ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      @for (field of fields; track field.name) {
        <div class="field">
          <label [for]="field.id">{{ field.label }}</label>
          <input
            [id]="field.id"
            [type]="field.type"
            [formControlName]="field.name"
            [attr.autocomplete]="field.autocomplete"
            autocapitalize="off"
            spellcheck="false"
            required
            [attr.aria-invalid]="messages(field.name).length > 0"
            [attr.aria-describedby]="describedBy(field)"
          />
          @if (field.hint) {
            <p [id]="field.id + '-hint'" class="hint">{{ field.hint }}</p>
          }
          @if (messages(field.name).length > 0) {
            <p [id]="field.id + '-error'" class="field-error">{{ messages(field.name).join(' ') }}</p>
          }
        </div>
      }
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problem()" />
      </div>
      <button type="submit" class="button button-primary" [disabled]="busy()">団体を作成する</button>
      @if (busy()) {
        <p class="muted" role="status">作成しています…</p>
      }
    </form>
  `,
})
export class TenantCreateFormComponent {
  private readonly api = inject(PlatformApi);

  /** The tenant just created (the page reloads its list and says so). */
  readonly created = output<PlatformTenant>();

  protected readonly fields: readonly FieldSpec[] = [
    {
      name: 'code',
      id: 'tenant-code',
      label: '団体コード',
      type: 'text',
      autocomplete: 'off',
      hint: '英小文字で始まる2〜30文字の半角英小文字・数字・ハイフン（例: town）。ログイン画面の「団体」や ?tenant= に使います。後から変更できません。',
    },
    {
      name: 'name',
      id: 'tenant-name',
      label: '団体名（表示名）',
      type: 'text',
      autocomplete: 'organization',
    },
    {
      name: 'adminLoginId',
      id: 'tenant-admin-login',
      label: '最初のシステム管理者のログインID',
      type: 'text',
      autocomplete: 'off',
    },
    {
      name: 'adminPassword',
      id: 'tenant-admin-password',
      label: '初期パスワード',
      type: 'password',
      autocomplete: 'new-password',
      hint: `${MIN_PASSWORD_LENGTH}文字以上。管理者は初回ログイン時に自分のパスワードに変更します。`,
    },
    {
      name: 'confirmation',
      id: 'tenant-admin-password-confirm',
      label: '初期パスワード（確認）',
      type: 'password',
      autocomplete: 'new-password',
    },
  ];

  protected readonly form = inject(NonNullableFormBuilder).group({
    code: [''],
    name: [''],
    adminLoginId: [''],
    adminPassword: [''],
    confirmation: [''],
  });
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  private readonly byField = computed(() => errorsByField(this.problem()?.errors ?? []));

  protected messages(field: string): string[] {
    return this.byField().get(field) ?? [];
  }

  protected describedBy(field: FieldSpec): string | null {
    const ids = [
      field.hint ? `${field.id}-hint` : '',
      this.messages(field.name).length > 0 ? `${field.id}-error` : '',
    ].filter(Boolean);
    return ids.length ? ids.join(' ') : null;
  }

  protected async submit(): Promise<void> {
    if (this.busy()) return;
    const value = this.form.getRawValue();
    const errors = tenantFormErrors(value);
    if (errors.length > 0) {
      this.problem.set({
        status: 0,
        type: 'about:blank',
        title: '入力エラー',
        detail: '入力内容を確認してください。',
        errors,
      });
      return;
    }
    this.busy.set(true);
    this.problem.set(null);
    try {
      const { confirmation: _, ...request } = value;
      const tenant = await firstValueFrom(
        this.api.create({ ...request, code: request.code.trim(), name: request.name.trim() }),
      );
      this.form.reset();
      this.created.emit(tenant);
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
