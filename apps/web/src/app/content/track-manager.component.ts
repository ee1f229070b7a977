import { ChangeDetectionStrategy, Component, Injector, inject, input, output, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import type { TrackView } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { focusAfterRender } from '../shared/focus';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { ContentApi } from './content.api';

const text = () => new FormControl('', { nonNullable: true });

/** 研修体系: the tracks with their course counts, edited in place, and the form to add one. */
@Component({
  selector: 'dx-track-manager',
  imports: [ProblemAlertComponent, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="tracks-heading" class="tracks-section">
      <h2 id="tracks-heading">研修体系</h2>
      <div class="table-wrap">
        <table class="data-table">
          <caption class="visually-hidden">
            研修体系一覧
          </caption>
          <thead>
            <tr>
              <th scope="col">コード</th>
              <th scope="col">名称</th>
              <th scope="col">説明</th>
              <th scope="col" class="numeric">研修数</th>
              <th scope="col"><span class="visually-hidden">操作</span></th>
            </tr>
          </thead>
          <tbody>
            @for (track of tracks(); track track.code) {
              @if (editingTrack() === track.code) {
                <tr>
                  <td class="nowrap">{{ track.code }}</td>
                  <td>
                    <label class="visually-hidden" [for]="'track-name-' + track.code">名称</label>
                    <input
                      [id]="'track-name-' + track.code"
                      type="text"
                      [formControl]="trackDraft.controls.name"
                    />
                  </td>
                  <td>
                    <label class="visually-hidden" [for]="'track-description-' + track.code">説明</label>
                    <textarea
                      [id]="'track-description-' + track.code"
                      rows="2"
                      [formControl]="trackDraft.controls.description"
                    ></textarea>
                  </td>
                  <td class="numeric">{{ track.courseCount }}</td>
                  <td class="nowrap">
                    <button
                      type="button"
                      class="button button-primary"
                      [disabled]="busy()"
                      (click)="saveTrack(track)"
                    >
                      保存
                    </button>
                    <button type="button" class="button" (click)="editingTrack.set(null)">キャンセル</button>
                  </td>
                </tr>
              } @else {
                <tr>
                  <td class="nowrap">{{ track.code }}</td>
                  <td>{{ track.name }}</td>
                  <td>{{ track.description }}</td>
                  <td class="numeric">{{ track.courseCount }}</td>
                  <td>
                    <button
                      type="button"
                      class="button"
                      [id]="'edit-track-' + track.code"
                      (click)="editTrack(track)"
                    >
                      編集<span class="visually-hidden">（{{ track.name }}）</span>
                    </button>
                  </td>
                </tr>
              }
            }
          </tbody>
        </table>
      </div>

      <form
        class="card"
        [formGroup]="newTrack"
        (submit)="createTrack($event)"
        novalidate
        aria-labelledby="new-track-heading"
      >
        <h3 id="new-track-heading">研修体系を追加</h3>
        <div class="field">
          <label for="new-track-code">コード</label>
          <input
            id="new-track-code"
            type="text"
            autocomplete="off"
            formControlName="code"
            aria-describedby="new-track-code-hint"
          />
          <p id="new-track-code-hint" class="hint">英数字・ハイフン・下線で30文字以内。</p>
        </div>
        <div class="field">
          <label for="new-track-name">名称</label>
          <input id="new-track-name" type="text" formControlName="name" />
        </div>
        <div class="field">
          <label for="new-track-description">説明</label>
          <textarea id="new-track-description" rows="2" formControlName="description"></textarea>
        </div>
        <div role="alert" aria-atomic="true" class="live-region">
          <dx-problem-alert [problem]="trackProblem()" [showFieldErrors]="true" />
        </div>
        <button type="submit" class="button" [disabled]="busy()">研修体系を追加</button>
      </form>
    </section>
  `,
  styles: `
    .tracks-section {
      margin-top: 2.5rem;
    }
  `,
})
export class TrackManagerComponent {
  private readonly api = inject(ContentApi);
  private readonly injector = inject(Injector);

  readonly tracks = input.required<readonly TrackView[]>();
  /** What to announce: null when an action starts, the success when a track was added or saved. */
  readonly announced = output<string | null>();

  protected readonly busy = signal(false);
  protected readonly editingTrack = signal<string | null>(null);
  /** The row being edited (a typed reactive form, outside any <form>: the row's buttons save or cancel). */
  protected readonly trackDraft = new FormGroup({ name: text(), description: text() });
  /** 「研修体系を追加」 (a typed reactive form). */
  protected readonly newTrack = new FormGroup({ code: text(), name: text(), description: text() });
  protected readonly trackProblem = signal<Problem | null>(null);

  protected editTrack(track: TrackView): void {
    this.editingTrack.set(track.code);
    this.trackDraft.setValue({ name: track.name, description: track.description });
    this.trackProblem.set(null);
    focusAfterRender(this.injector, `track-name-${track.code}`);
  }

  protected async saveTrack(track: TrackView): Promise<void> {
    const { name, description } = this.trackDraft.getRawValue();
    const saved = await this.trackAction(
      () => this.api.updateTrack(track.code, { name: name.trim(), description }),
      `研修体系「${name.trim()}」を保存しました。`,
    );
    if (saved) {
      this.editingTrack.set(null);
      focusAfterRender(this.injector, `edit-track-${track.code}`);
    }
  }

  protected async createTrack(event: Event): Promise<void> {
    event.preventDefault();
    const { code, name, description } = this.newTrack.getRawValue();
    const created = await this.trackAction(
      () => this.api.createTrack({ code: code.trim(), name: name.trim(), description }),
      `研修体系「${name.trim()}」を追加しました。`,
    );
    if (created) this.newTrack.reset();
  }

  private async trackAction(
    call: () => ReturnType<ContentApi['createTrack']>,
    success: string,
  ): Promise<boolean> {
    if (this.busy()) return false;
    this.busy.set(true);
    this.trackProblem.set(null);
    this.announced.emit(null);
    try {
      await firstValueFrom(call());
      this.announced.emit(success);
      return true;
    } catch (error) {
      this.trackProblem.set(toProblem(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
