import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ModuleFieldsDirective } from './module-fields.directive';

/** A live session's settings: format, times (Tokyo), place or meeting URL, and capacity. */
@Component({
  selector: 'dx-module-live-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: ':host { display: contents; }',
  template: `
    <div class="field">
      <label for="module-format">形式</label>
      <select id="module-format" [value]="text('format')" (change)="set('format', $event)">
        <option value="集合研修">集合研修</option>
        <option value="Web会議">Web会議</option>
      </select>
    </div>
    <div class="field field-inline">
      <label for="module-startsAt">開始日時</label>
      <input
        id="module-startsAt"
        type="datetime-local"
        [value]="text('startsAt')"
        (input)="set('startsAt', $event)"
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
        [value]="text('endsAt')"
        (input)="set('endsAt', $event)"
        [attr.aria-invalid]="invalid('endsAt')"
        [attr.aria-describedby]="describedBy('endsAt')"
      />
      @if (invalid('endsAt')) {
        <p id="module-endsAt-error" class="field-error">{{ messages('endsAt') }}</p>
      }
    </div>
    <div class="field">
      <label for="module-place">会場（任意）</label>
      <input id="module-place" type="text" [value]="text('place')" (input)="set('place', $event)" />
    </div>
    <div class="field">
      <label for="module-meetingUrl">会議のURL（任意）</label>
      <input
        id="module-meetingUrl"
        type="url"
        inputmode="url"
        [value]="text('meetingUrl')"
        (input)="set('meetingUrl', $event)"
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
        [value]="text('capacity')"
        (input)="set('capacity', $event)"
        [attr.aria-invalid]="invalid('capacity')"
        [attr.aria-describedby]="describedBy('capacity')"
      />
      @if (invalid('capacity')) {
        <p id="module-capacity-error" class="field-error">{{ messages('capacity') }}</p>
      }
    </div>
  `,
})
export class ModuleLiveFieldsComponent extends ModuleFieldsDirective {}
