import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { CredentialsApi } from './credentials.api';

/** 団体の表示設定's card: how many years a DX推進スペシャリスト certification lasts. */
@Component({
  selector: 'dx-certification-period',
  imports: [ReactiveFormsModule, ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card form-narrow" aria-labelledby="certification-period-heading">
      <h2 id="certification-period-heading">DX推進スペシャリスト認定の有効期間</h2>
      <form [formGroup]="form" (ngSubmit)="save()" novalidate>
        <div class="field">
          <label for="certification-years">有効期間（年）</label>
          <input
            id="certification-years"
            type="number"
            min="1"
            max="10"
            step="1"
            formControlName="validityYears"
            aria-describedby="certification-years-hint"
          />
          <p id="certification-years-hint" class="hint">
            1〜10年。変更は、これから認定する職員に適用します（認定済みの期限は変わりません）。
          </p>
        </div>
        <div role="alert" aria-atomic="true" class="live-region">
          <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
        </div>
        <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
          @if (saved()) {
            <p class="alert alert-success">保存しました。</p>
          }
        </div>
        <button type="submit" class="button button-primary" [disabled]="busy() || !settings.hasValue()">
          有効期間を保存する
        </button>
      </form>
    </section>
  `,
})
export class CertificationPeriodComponent {
  private readonly api = inject(CredentialsApi);
  protected readonly settings = rxResource({ stream: () => this.api.settings() });
  protected readonly form = new FormGroup({
    validityYears: new FormControl(3, { nonNullable: true }),
  });
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  constructor() {
    effect(() => {
      if (this.settings.hasValue())
        this.form.setValue({ validityYears: this.settings.value().validityYears });
    });
  }

  protected async save(): Promise<void> {
    this.busy.set(true);
    this.saved.set(false);
    this.problem.set(null);
    try {
      await firstValueFrom(
        this.api.saveSettings({ validityYears: Number(this.form.controls.validityYears.value) }),
      );
      this.saved.set(true);
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
