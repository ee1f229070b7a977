import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { TrackView } from '@dx/contract';
import type { CourseFields } from './content.api';
import { DssPickerComponent } from './dss-picker.component';

/**
 * The fields every version of a course shares (研修名, 研修体系, 説明, 所要時間, デジタルスキル標準の項目): one form
 * part for the new-course form and the editor's 基本情報, so both ask the same things the same way.
 */
@Component({
  selector: 'dx-course-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DssPickerComponent],
  template: `
    <div class="field">
      <label [for]="idPrefix() + '-title'">研修名</label>
      <input
        [id]="idPrefix() + '-title'"
        type="text"
        [value]="value().title"
        (input)="changed.emit({ title: text($event) })"
        [attr.aria-invalid]="invalid('title')"
      />
    </div>
    <div class="field">
      <label [for]="idPrefix() + '-track'">研修体系</label>
      <select
        [id]="idPrefix() + '-track'"
        [value]="value().trackCode"
        (change)="changed.emit({ trackCode: text($event) })"
        [attr.aria-invalid]="invalid('trackCode')"
      >
        @if (!value().trackCode) {
          <option value="">選んでください</option>
        }
        @for (track of tracks(); track track.code) {
          <option [value]="track.code" [selected]="track.code === value().trackCode">{{ track.name }}</option>
        }
      </select>
    </div>
    <div class="field">
      <label [for]="idPrefix() + '-description'">説明</label>
      <textarea
        [id]="idPrefix() + '-description'"
        rows="3"
        [value]="value().description"
        (input)="changed.emit({ description: text($event) })"
      ></textarea>
    </div>
    <div class="field field-inline">
      <label [for]="idPrefix() + '-minutes'">所要時間（分）</label>
      <input
        [id]="idPrefix() + '-minutes'"
        type="number"
        min="0"
        [value]="value().estimatedMinutes"
        (input)="changed.emit({ estimatedMinutes: count($event) })"
        [attr.aria-invalid]="invalid('estimatedMinutes')"
      />
    </div>
    <dx-dss-picker
      [idPrefix]="idPrefix()"
      [codes]="value().dssCodes"
      (codesChange)="changed.emit({ dssCodes: $event })"
    />
  `,
})
export class CourseFieldsComponent {
  /** Prefix of the controls' ids, unique on the page ('new-course', 'course'). */
  readonly idPrefix = input.required<string>();
  readonly value = input.required<CourseFields>();
  readonly tracks = input.required<readonly TrackView[]>();
  /** Fields the server refused (from the problem's errors). */
  readonly invalidFields = input<{ has(field: string): boolean }>(new Set<string>());
  readonly changed = output<Partial<CourseFields>>();

  protected invalid(field: string): boolean {
    return this.invalidFields().has(field);
  }

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected count(event: Event): number {
    return (event.target as HTMLInputElement).valueAsNumber;
  }
}
