import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { ModuleFieldsDirective } from './module-fields.directive';
import type { ExternalControls } from './module-form.values';

/** An outside course's settings: the provider, its URL and the ID its completion data is matched by. */
@Component({
  selector: 'dx-module-external-fields',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: ':host { display: contents; }',
  template: `
    <div class="field">
      <label for="module-provider">提供元</label>
      <select id="module-provider" [formControl]="group().controls.provider">
        <option value="udemy_business">Udemy Business</option>
        <option value="other">その他</option>
      </select>
    </div>
    <div class="field">
      <label for="module-url">講座のURL</label>
      <input
        id="module-url"
        type="url"
        inputmode="url"
        [formControl]="group().controls.url"
        [attr.aria-invalid]="invalid('url')"
        [attr.aria-describedby]="describedBy('url')"
      />
      @if (invalid('url')) {
        <p id="module-url-error" class="field-error">{{ messages('url') }}</p>
      }
    </div>
    <div class="field">
      <label for="module-courseId">講座ID（任意）</label>
      <input
        id="module-courseId"
        type="text"
        [formControl]="group().controls.courseId"
        aria-describedby="module-courseId-hint"
      />
      <p id="module-courseId-hint" class="hint">修了実績の取込で、この講座と照合するIDです。</p>
    </div>
    <div class="field">
      <label for="module-note">補足（任意）</label>
      <textarea id="module-note" rows="3" [formControl]="group().controls.note"></textarea>
    </div>
  `,
})
export class ModuleExternalFieldsComponent extends ModuleFieldsDirective<ExternalControls> {}
