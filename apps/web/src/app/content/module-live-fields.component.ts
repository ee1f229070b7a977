import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { ModuleFieldsDirective } from './module-fields.directive';
import type { LiveControls } from './module-form.values';

/** A live session's settings: format, times (Tokyo), place or meeting URL, and capacity. */
@Component({
  selector: 'dx-module-live-fields',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: ':host { display: contents; }',
  template: `
    <div class="field">
      <label for="module-format">形式</label>
      <select id="module-format" [formControl]="group().controls.format">
        <option value="集合研修">集合研修</option>
        <option value="Web会議">Web会議</option>
      </select>
    </div>
    <div class="field field-inline">
      <label for="module-startsAt">開始日時</label>
      <input
        id="module-startsAt"
        type="datetime-local"
        [formControl]="group().controls.startsAt"
        [attr.aria-invalid]="invalid('startsAt')"
        [attr.aria-describedby]="describedBy('startsAt')"
      />
      @if (invalid('startsAt')) {
        <p id="module-startsAt-error" class="field-error">{{ messages('startsAt') }}</p>
      }
    </div>
    <div class="field field-inline">
      <label for="module-endsAt">終了日時</label>
      <input
        id="module-endsAt"
        type="datetime-local"
        [formControl]="group().controls.endsAt"
        [attr.aria-invalid]="invalid('endsAt')"
        [attr.aria-describedby]="describedBy('endsAt')"
      />
      @if (invalid('endsAt')) {
        <p id="module-endsAt-error" class="field-error">{{ messages('endsAt') }}</p>
      }
    </div>
    <div class="field">
      <label for="module-place">会場（任意）</label>
      <input id="module-place" type="text" [formControl]="group().controls.place" />
    </div>
    <div class="field">
      <label for="module-meetingUrl">会議のURL（任意）</label>
      <input
        id="module-meetingUrl"
        type="url"
        inputmode="url"
        [formControl]="group().controls.meetingUrl"
        [attr.aria-invalid]="invalid('meetingUrl')"
        [attr.aria-describedby]="describedBy('meetingUrl')"
      />
      @if (invalid('meetingUrl')) {
        <p id="module-meetingUrl-error" class="field-error">{{ messages('meetingUrl') }}</p>
      }
    </div>
    <div class="field field-inline">
      <label for="module-capacity">定員（人）</label>
      <input
        id="module-capacity"
        type="number"
        min="1"
        [formControl]="group().controls.capacity"
        [attr.aria-invalid]="invalid('capacity')"
        [attr.aria-describedby]="describedBy('capacity')"
      />
      @if (invalid('capacity')) {
        <p id="module-capacity-error" class="field-error">{{ messages('capacity') }}</p>
      }
    </div>
  `,
})
export class ModuleLiveFieldsComponent extends ModuleFieldsDirective<LiveControls> {}
