import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ModuleFieldsDirective } from './module-fields.directive';

/** The fields every module has: its name and whether completing the course needs it. */
@Component({
  selector: 'dx-module-basic-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: ':host { display: contents; }',
  template: `
    <div class="field">
      <label for="module-title">モジュール名</label>
      <input
        id="module-title"
        type="text"
        [value]="text('title')"
        (input)="set('title', $event)"
        [attr.aria-invalid]="invalid('title')"
        [attr.aria-describedby]="describedBy('title')"
      />
      @if (invalid('title')) {
        <p id="module-title-error" class="field-error">{{ messages('title') }}</p>
      }
    </div>
    <div class="field">
      <label class="checkbox">
        <input
          type="checkbox"
          [checked]="values()['required'] === true"
          (change)="setChecked('required', $event)"
        />
        修了に必須のモジュールにする
      </label>
    </div>
  `,
})
export class ModuleBasicFieldsComponent extends ModuleFieldsDirective {}
