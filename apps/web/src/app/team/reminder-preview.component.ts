import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import type { ReminderPreview } from '@dx/contract';
import { skipReasonLabel, skippedPersonLabel } from './team-labels';
import type { TeamSelection } from './team-matrix.component';

/** The e-mails a reminder would send (one shown at a time, its recipient chosen from a list) and who gets none. */
@Component({
  selector: 'dx-reminder-preview',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './reminder-preview.component.css',
  template: `
    @let p = preview();
    @if (p.messages.length > 0) {
      <section class="mail-preview" aria-labelledby="mail-preview-heading">
        <h3 id="mail-preview-heading">送信されるメールの内容</h3>
        @if (p.messages.length > 1) {
          <div class="field">
            <label for="mail-preview-person">宛先の職員</label>
            <select id="mail-preview-person" [formControl]="shown">
              @for (message of p.messages; track message.employeeNo; let i = $index) {
                <option [ngValue]="i">{{ message.name }}（{{ message.employeeNo }}）</option>
              }
            </select>
            @if (p.recipients > p.messages.length) {
              <p class="hint">
                先頭の{{ p.messages.length }}人分を表示しています。ほかの{{
                  p.recipients - p.messages.length
                }}人にも同じ形式で送ります。
              </p>
            }
          </div>
        }
        @if (message(); as message) {
          <dl>
            <dt>宛先</dt>
            <dd>{{ message.name }}（{{ message.to }}）</dd>
            <dt>件名</dt>
            <dd>{{ message.subject }}</dd>
          </dl>
          <pre tabindex="0" aria-label="本文">{{ message.text }}</pre>
        }
      </section>
    }
    @if (p.skippedPeople.length > 0) {
      <p id="preview-skipped-heading">送信しない人（{{ p.skippedPeople.length }}人）</p>
      <ul class="skipped-list" aria-labelledby="preview-skipped-heading">
        @for (person of p.skippedPeople; track person.employeeNo) {
          <li>
            {{ skippedLabel(person, names().get(person.employeeNo)) }}：{{ reasonLabel(person.reason) }}
          </li>
        }
      </ul>
    }
  `,
})
export class ReminderPreviewComponent {
  readonly preview = input.required<ReminderPreview>();
  /** Names the page already knows (the selection), for people the server names only by number. */
  readonly names = input<TeamSelection>(new Map());

  protected readonly shown = new FormControl(0, { nonNullable: true });
  private readonly shownIndex = toSignal(this.shown.valueChanges, { initialValue: 0 });
  protected readonly message = computed(() => {
    const messages = this.preview().messages;
    return messages[this.shownIndex()] ?? messages[0];
  });
  protected readonly skippedLabel = skippedPersonLabel;
  protected readonly reasonLabel = skipReasonLabel;
}
