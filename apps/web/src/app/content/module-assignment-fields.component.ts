import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ModuleFieldsDirective } from './module-fields.directive';

/** An assignment's settings: the instructions and what files may be attached. */
@Component({
  selector: 'dx-module-assignment-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: ':host { display: contents; }',
  template: `
    <div class="field">
      <label for="module-instructions">課題の説明</label>
      <textarea
        id="module-instructions"
        rows="8"
        [value]="text('instructions')"
        (input)="set('instructions', $event)"
        [attr.aria-invalid]="invalid('instructions')"
        [attr.aria-describedby]="describedBy('instructions')"
      ></textarea>
      @if (invalid('instructions')) {
        <p id="module-instructions-error" class="field-error">{{ messages('instructions') }}</p>
      }
    </div>
    <div class="field">
      <label class="checkbox">
        <input
          type="checkbox"
          [checked]="values()['allowFile'] === true"
          (change)="setChecked('allowFile', $event)"
        />
        ファイルの添付を受け付ける
      </label>
    </div>
    <div class="field">
      <label for="module-allowedExtensions">添付できるファイルの種類</label>
      <input
        id="module-allowedExtensions"
        type="text"
        [value]="text('allowedExtensions')"
        (input)="set('allowedExtensions', $event)"
        [attr.aria-invalid]="invalid('allowedExtensions')"
        [attr.aria-describedby]="describedBy('allowedExtensions', 'module-allowedExtensions-hint')"
      />
      <p id="module-allowedExtensions-hint" class="hint">
        拡張子をカンマで区切って入力します（例：pdf, docx, xlsx）。
      </p>
      @if (invalid('allowedExtensions')) {
        <p id="module-allowedExtensions-error" class="field-error">
          {{ messages('allowedExtensions') }}
        </p>
      }
    </div>
    <div class="field field-inline">
      <label for="module-maxFileMb">ファイルの上限サイズ（MB、20MBまで）</label>
      <input
        id="module-maxFileMb"
        type="number"
        min="0.1"
        max="20"
        step="0.1"
        [value]="text('maxFileMb')"
        (input)="set('maxFileMb', $event)"
        [attr.aria-invalid]="invalid('maxFileMb')"
        [attr.aria-describedby]="describedBy('maxFileMb')"
      />
      @if (invalid('maxFileMb')) {
        <p id="module-maxFileMb-error" class="field-error">{{ messages('maxFileMb') }}</p>
      }
    </div>
  `,
})
export class ModuleAssignmentFieldsComponent extends ModuleFieldsDirective {}
