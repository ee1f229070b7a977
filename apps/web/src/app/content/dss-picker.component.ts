import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  output,
  untracked,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { FormControl, FormRecord, ReactiveFormsModule } from '@angular/forms';
import {
  DSS_CODES,
  DX_LITERACY_AREAS,
  DX_PROMOTION_ROLES,
  DX_PROMOTION_SKILLS,
  type DssGroup,
  sortDssCodes,
} from '@dx/domain';

/** A code as a form control's name (form keys may not hold '.'; codes never hold '-'). */
const key = (code: string) => code.replace(/\./g, '-');

/**
 * デジタルスキル標準 picker of the course form: one labelled checkbox per code, grouped as the standard is
 * (DXリテラシー標準 by area, DX推進スキル標準 by 人材類型 and by skill category), each group a fieldset with its
 * legend. A group's own checkbox (「…全体」) maps the course to the whole area or category. Native checkboxes: Tab
 * moves, Space ticks. Emits the ticked codes in the standard's order.
 */
@Component({
  selector: 'dx-dss-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, NgTemplateOutlet],
  template: `
    <fieldset class="field dss-picker" [formGroup]="form">
      <legend>デジタルスキル標準（任意）</legend>
      <p class="hint">この研修で学べる項目を選んでください。スキルマップの集計に使います。</p>
      <fieldset class="dss-standard">
        <legend>DXリテラシー標準</legend>
        <div class="dss-groups">
          @for (group of literacy; track group.code) {
            <ng-container *ngTemplateOutlet="groupFields; context: { $implicit: group, whole: '領域全体' }" />
          }
        </div>
      </fieldset>
      <fieldset class="dss-standard">
        <legend>DX推進スキル標準</legend>
        <div class="dss-groups">
          <fieldset class="dss-group">
            <legend>人材類型</legend>
            @for (role of roles; track role.code) {
              <label class="checkbox">
                <input type="checkbox" [id]="id(role.code)" [formControlName]="key(role.code)" />
                {{ role.label }}
              </label>
            }
          </fieldset>
          @for (group of skills; track group.code) {
            <ng-container
              *ngTemplateOutlet="groupFields; context: { $implicit: group, whole: 'カテゴリー全体' }"
            />
          }
        </div>
      </fieldset>
      <!-- One area of DXリテラシー標準 or one category of the 共通スキルリスト: the whole group, its items, their skills. -->
      <ng-template #groupFields let-group let-whole="whole">
        <fieldset class="dss-group">
          <legend>{{ group.label }}</legend>
          <label class="checkbox">
            <input type="checkbox" [id]="id(group.code)" [formControlName]="key(group.code)" />
            {{ group.items.length > 0 ? whole : group.label }}
          </label>
          @for (item of group.items; track item.code) {
            <label class="checkbox">
              <input type="checkbox" [id]="id(item.code)" [formControlName]="key(item.code)" />
              {{ item.label }}
            </label>
            @if (item.items?.length) {
              <div class="dss-skills" role="group" [attr.aria-label]="item.label + 'のスキル項目'">
                @for (skill of item.items; track skill.code) {
                  <label class="checkbox">
                    <input type="checkbox" [id]="id(skill.code)" [formControlName]="key(skill.code)" />
                    {{ skill.label }}
                  </label>
                }
              </div>
            }
          }
        </fieldset>
      </ng-template>
    </fieldset>
  `,
  styles: `
    .dss-standard {
      border: 1px solid var(--color-border, #8a8a8a);
      border-radius: 4px;
      margin: 0.5rem 0;
      padding: 0.5rem 0.75rem;
    }
    .dss-groups {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
      gap: 0.5rem 1rem;
    }
    .dss-group {
      border: 0;
      padding: 0;
      margin: 0;
      min-width: 0;
    }
    .dss-group legend {
      font-weight: bold;
      margin-bottom: 0.25rem;
    }
    .dss-group label.checkbox {
      display: block;
    }
    .dss-skills {
      margin-left: 1.5rem;
      font-size: 0.95em;
    }
  `,
})
export class DssPickerComponent {
  /** Prefix of the checkboxes' ids, unique on the page. */
  readonly idPrefix = input.required<string>();
  readonly codes = input.required<readonly string[]>();
  readonly codesChange = output<string[]>();

  protected readonly literacy: readonly DssGroup[] = DX_LITERACY_AREAS;
  protected readonly roles = DX_PROMOTION_ROLES;
  protected readonly skills: readonly DssGroup[] = DX_PROMOTION_SKILLS;

  protected readonly form = new FormRecord<FormControl<boolean>>(
    Object.fromEntries(DSS_CODES.map((code) => [key(code), new FormControl(false, { nonNullable: true })])),
  );

  constructor() {
    // The course's codes tick the boxes (without echoing them back as a change).
    effect(() => {
      const ticked = new Set(this.codes());
      untracked(() =>
        this.form.setValue(Object.fromEntries(DSS_CODES.map((code) => [key(code), ticked.has(code)])), {
          emitEvent: false,
        }),
      );
    });
    const subscription = this.form.valueChanges.subscribe(() => {
      const value = this.form.getRawValue();
      this.codesChange.emit(sortDssCodes(DSS_CODES.filter((code) => value[key(code)])));
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  protected id(code: string): string {
    return `${this.idPrefix()}-dss-${key(code)}`;
  }

  protected readonly key = key;
}
