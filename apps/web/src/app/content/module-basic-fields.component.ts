import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { ModuleFieldsDirective } from './module-fields.directive';
import type { BasicControls } from './module-form.values';

/** The fields every module has: its name and whether completing the course needs it. */
@Component({
  selector: 'dx-module-basic-fields',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: ':host { display: contents; }',
  template: `
    <div class="field">
      <label for="module-title">モジュール名</label>
      <input
        id="module-title"
        type="text"
        [formControl]="group().controls.title"
        [attr.aria-invalid]="invalid('title')"
        [attr.aria-describedby]="describedBy('title')"
      />
      @if (invalid('title')) {
        <p id="module-title-error" class="field-error">{{ messages('title') }}</p>
      }
    </div>
    <div class="field">
      <label class="checkbox">
        <input type="checkbox" [formControl]="group().controls.required" />
        修了に必須のモジュールにする
      </label>
    </div>
  `,
})
export class ModuleBasicFieldsComponent extends ModuleFieldsDirective<BasicControls> {}
