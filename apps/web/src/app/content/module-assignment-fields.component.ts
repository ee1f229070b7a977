import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { ModuleFieldsDirective } from './module-fields.directive';
import type { AssignmentControls } from './module-form.values';

/** An assignment's settings: the instructions and what files may be attached. */
@Component({
  selector: 'dx-module-assignment-fields',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: ':host { display: contents; }',
  template: `
    <div class="field">
      <label for="module-instructions">課題の説明</label>
      <textarea
        id="module-instructions"
        rows="8"
        [formControl]="group().controls.instructions"
        [attr.aria-invalid]="invalid('instructions')"
        [attr.aria-describedby]="describedBy('instructions')"
      ></textarea>
      @if (invalid('instructions')) {
        <p id="module-instructions-error" class="field-error">{{ messages('instructions') }}</p>
      }
    </div>
    <div class="field">
      <label class="checkbox">
        <input type="checkbox" [formControl]="group().controls.allowFile" />
        ファイルの添付を受け付ける
      </label>
    </div>
    <div class="field">
      <label for="module-allowedExtensions">添付できるファイルの種類</label>
      <input
        id="module-allowedExtensions"
        type="text"
        [formControl]="group().controls.allowedExtensions"
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
        [formControl]="group().controls.maxFileMb"
        [attr.aria-invalid]="invalid('maxFileMb')"
        [attr.aria-describedby]="describedBy('maxFileMb')"
      />
      @if (invalid('maxFileMb')) {
        <p id="module-maxFileMb-error" class="field-error">{{ messages('maxFileMb') }}</p>
      }
    </div>
  `,
})
export class ModuleAssignmentFieldsComponent extends ModuleFieldsDirective<AssignmentControls> {}
