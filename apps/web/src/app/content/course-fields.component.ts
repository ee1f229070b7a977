import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { type FormGroup, ReactiveFormsModule } from '@angular/forms';
import type { TrackView } from '@dx/contract';
import type { CourseFieldControls } from './course-fields.form';
import { DssPickerComponent } from './dss-picker.component';

/**
 * The fields every version of a course shares (研修名, 研修体系, 説明, 所要時間, デジタルスキル標準の項目): one form
 * part for the new-course form and the editor's 基本情報, so both ask the same things the same way.
 */
@Component({
  selector: 'dx-course-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, DssPickerComponent],
  template: `
    <div class="field">
      <label [for]="idPrefix() + '-title'">研修名</label>
      <input
        [id]="idPrefix() + '-title'"
        type="text"
        [formControl]="group().controls.title"
        [attr.aria-invalid]="invalid('title')"
      />
    </div>
    <div class="field">
      <label [for]="idPrefix() + '-track'">研修体系</label>
      <select
        [id]="idPrefix() + '-track'"
        [formControl]="group().controls.trackCode"
        [attr.aria-invalid]="invalid('trackCode')"
      >
        @if (!trackCode()) {
          <option value="">選んでください</option>
        }
        @for (track of tracks(); track track.code) {
          <option [value]="track.code">{{ track.name }}</option>
        }
      </select>
    </div>
    <div class="field">
      <label [for]="idPrefix() + '-description'">説明</label>
      <textarea
        [id]="idPrefix() + '-description'"
        rows="3"
        [formControl]="group().controls.description"
      ></textarea>
    </div>
    <div class="field field-inline">
      <label [for]="idPrefix() + '-minutes'">所要時間（分）</label>
      <input
        [id]="idPrefix() + '-minutes'"
        type="number"
        min="0"
        [formControl]="group().controls.estimatedMinutes"
        [attr.aria-invalid]="invalid('estimatedMinutes')"
      />
    </div>
    <dx-dss-picker
      [idPrefix]="idPrefix()"
      [codes]="group().controls.dssCodes.value"
      (codesChange)="group().controls.dssCodes.setValue($event)"
    />
  `,
})
export class CourseFieldsComponent {
  /** Prefix of the controls' ids, unique on the page ('new-course', 'course'). */
  readonly idPrefix = input.required<string>();
  readonly group = input.required<FormGroup<CourseFieldControls>>();
  readonly tracks = input.required<readonly TrackView[]>();
  /** Fields the server refused (from the problem's errors). */
  readonly invalidFields = input<{ has(field: string): boolean }>(new Set<string>());

  protected invalid(field: string): boolean {
    return this.invalidFields().has(field);
  }

  /** Read on each change detection: choosing a track runs one for this component. */
  protected trackCode(): string {
    return this.group().controls.trackCode.value;
  }
}
