import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  inject,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { CourseListItem, TrackView } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { errorsByField, versionLabel } from './content-labels';
import { ContentApi, type NewCourse } from './content.api';
import { CourseFieldsComponent } from './course-fields.component';

const EMPTY_COURSE: NewCourse = {
  code: '',
  trackCode: '',
  title: '',
  description: '',
  estimatedMinutes: 30,
  skillArea: null,
};

/** 研修管理: the catalogue's courses by track, and the forms to add a course or a track. */
@Component({
  selector: 'dx-course-list-page',
  imports: [RouterLink, ProblemAlertComponent, CourseFieldsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>研修管理</h1>
    <p class="lead">研修体系・研修・モジュールと、誰がいつまでに受講するかを決める割当ルールを管理します。</p>

    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (courses.isLoading() && !courseList()) {
        <p class="muted">読み込み中…</p>
      }
      @if (message(); as m) {
        <p class="alert alert-success">{{ m }}</p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="loadProblem()" />
    </div>

    <section aria-labelledby="courses-heading">
      <h2 id="courses-heading">研修</h2>
      <div class="toolbar card">
        <div class="field">
          <label for="track-filter">研修体系で絞り込み</label>
          <select id="track-filter" [value]="trackFilter()" (change)="trackFilter.set(value($event))">
            <option value="">すべて</option>
            @for (track of tracks(); track track.code) {
              <option [value]="track.code">{{ track.name }}</option>
            }
          </select>
        </div>
      </div>

      @if (courseList(); as list) {
        <div class="table-wrap">
          <table class="data-table">
            <caption class="visually-hidden">
              研修一覧（研修名を選ぶと編集画面を開きます）
            </caption>
            <thead>
              <tr>
                <th scope="col">コード</th>
                <th scope="col">研修名</th>
                <th scope="col">研修体系</th>
                <th scope="col">公開版</th>
                <th scope="col">下書き</th>
              </tr>
            </thead>
            <tbody>
              @for (course of filtered(); track course.code) {
                <tr>
                  <td class="nowrap">{{ course.code }}</td>
                  <td>
                    <a [routerLink]="['courses', course.code]">{{ course.title }}</a>
                  </td>
                  <td>{{ course.trackName }}</td>
                  <td class="nowrap">
                    {{ versionLabel(course.publishedVersion) }}
                    @if (course.publishedVersion > 0) {
                      （{{ course.moduleCount }}モジュール）
                    }
                  </td>
                  <td class="nowrap">
                    @if (course.draftVersion !== null) {
                      {{ versionLabel(course.draftVersion) }}を編集中（{{
                        course.draftModuleCount
                      }}モジュール）
                    } @else {
                      なし
                    }
                  </td>
                </tr>
              } @empty {
                <tr>
                  <td colspan="5">該当する研修はありません。</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <p class="muted">{{ filtered().length }}件 ／ 全{{ list.length }}件</p>
      }

      @if (creating()) {
        <form class="card" (submit)="createCourse($event)" novalidate aria-labelledby="new-course-heading">
          <h3 id="new-course-heading" tabindex="-1">新しい研修</h3>
          <div class="field">
            <label for="new-course-code">研修コード</label>
            <input
              id="new-course-code"
              type="text"
              autocomplete="off"
              [value]="draft().code"
              (input)="patch({ code: value($event) })"
              [attr.aria-invalid]="invalid('code')"
              aria-describedby="new-course-code-hint"
            />
            <p id="new-course-code-hint" class="hint">
              英数字・ハイフン・下線で40文字以内（例：KAISO-NEWCOURSE）。後から変更できません。
            </p>
          </div>
          <dx-course-fields
            idPrefix="new-course"
            [value]="draft()"
            [tracks]="tracks()"
            [invalidFields]="courseErrors()"
            (changed)="patch($event)"
          />
          <div role="alert" aria-atomic="true" class="live-region">
            <dx-problem-alert [problem]="courseProblem()" [showFieldErrors]="true" />
          </div>
          <div class="button-row">
            <button type="submit" class="button button-primary" [disabled]="busy()">研修を作成</button>
            <button type="button" class="button" (click)="closeCourseForm()">キャンセル</button>
          </div>
        </form>
      } @else {
        <button type="button" id="open-new-course" class="button button-primary" (click)="openCourseForm()">
          新しい研修を作成
        </button>
      }
    </section>

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
                      [value]="trackDraft().name"
                      (input)="patchTrack({ name: value($event) })"
                    />
                  </td>
                  <td>
                    <label class="visually-hidden" [for]="'track-description-' + track.code">説明</label>
                    <textarea
                      [id]="'track-description-' + track.code"
                      rows="2"
                      [value]="trackDraft().description"
                      (input)="patchTrack({ description: value($event) })"
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

      <form class="card" (submit)="createTrack($event)" novalidate aria-labelledby="new-track-heading">
        <h3 id="new-track-heading">研修体系を追加</h3>
        <div class="field">
          <label for="new-track-code">コード</label>
          <input
            id="new-track-code"
            type="text"
            autocomplete="off"
            [value]="newTrack().code"
            (input)="patchNewTrack({ code: value($event) })"
            aria-describedby="new-track-code-hint"
          />
          <p id="new-track-code-hint" class="hint">英数字・ハイフン・下線で30文字以内。</p>
        </div>
        <div class="field">
          <label for="new-track-name">名称</label>
          <input
            id="new-track-name"
            type="text"
            [value]="newTrack().name"
            (input)="patchNewTrack({ name: value($event) })"
          />
        </div>
        <div class="field">
          <label for="new-track-description">説明</label>
          <textarea
            id="new-track-description"
            rows="2"
            [value]="newTrack().description"
            (input)="patchNewTrack({ description: value($event) })"
          ></textarea>
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
export class CourseListPage {
  private readonly api = inject(ContentApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly injector = inject(Injector);

  protected readonly versionLabel = versionLabel;

  protected readonly courses = rxResource({ stream: () => this.api.courses() });
  protected readonly courseList = computed<CourseListItem[] | undefined>(() =>
    this.courses.hasValue() ? this.courses.value() : undefined,
  );
  private readonly trackResource = rxResource({ stream: () => this.api.tracks() });
  protected readonly tracks = computed<TrackView[]>(() =>
    this.trackResource.hasValue() ? this.trackResource.value() : [],
  );
  protected readonly loadProblem = computed(() => {
    const error = this.courses.error() ?? this.trackResource.error();
    return error ? toProblem(error) : null;
  });

  protected readonly trackFilter = signal('');
  protected readonly filtered = computed(() => {
    const filter = this.trackFilter();
    return (this.courseList() ?? []).filter((c) => !filter || c.trackCode === filter);
  });

  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);

  protected readonly creating = signal(false);
  protected readonly draft = signal<NewCourse>({ ...EMPTY_COURSE });
  protected readonly courseProblem = signal<Problem | null>(null);
  protected readonly courseErrors = computed(() => errorsByField(this.courseProblem()?.errors));

  protected readonly editingTrack = signal<string | null>(null);
  protected readonly trackDraft = signal({ name: '', description: '' });
  protected readonly newTrack = signal({ code: '', name: '', description: '' });
  protected readonly trackProblem = signal<Problem | null>(null);

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected invalid(field: string): boolean {
    return this.courseErrors().has(field);
  }

  protected patch(change: Partial<NewCourse>): void {
    this.draft.update((d) => ({ ...d, ...change }));
  }

  protected openCourseForm(): void {
    this.creating.set(true);
    this.draft.set({ ...EMPTY_COURSE, trackCode: this.trackFilter() });
    this.courseProblem.set(null);
    this.focusLater('new-course-heading');
  }

  protected closeCourseForm(): void {
    this.creating.set(false);
    this.focusLater('open-new-course');
  }

  protected async createCourse(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const d = this.draft();
    const body: NewCourse = {
      ...d,
      code: d.code.trim(),
      title: d.title.trim(),
      skillArea: d.skillArea?.trim() || null,
    };
    this.busy.set(true);
    this.courseProblem.set(null);
    try {
      const created = await firstValueFrom(this.api.createCourse(body));
      await this.router.navigate(['courses', created.code], { relativeTo: this.route });
    } catch (error) {
      this.courseProblem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected patchTrack(change: Partial<{ name: string; description: string }>): void {
    this.trackDraft.update((t) => ({ ...t, ...change }));
  }

  protected patchNewTrack(change: Partial<{ code: string; name: string; description: string }>): void {
    this.newTrack.update((t) => ({ ...t, ...change }));
  }

  protected editTrack(track: TrackView): void {
    this.editingTrack.set(track.code);
    this.trackDraft.set({ name: track.name, description: track.description });
    this.trackProblem.set(null);
    this.focusLater(`track-name-${track.code}`);
  }

  protected async saveTrack(track: TrackView): Promise<void> {
    const { name, description } = this.trackDraft();
    const saved = await this.trackAction(
      () => this.api.updateTrack(track.code, { name: name.trim(), description }),
      `研修体系「${name.trim()}」を保存しました。`,
    );
    if (saved) {
      this.editingTrack.set(null);
      this.focusLater(`edit-track-${track.code}`);
    }
  }

  protected async createTrack(event: Event): Promise<void> {
    event.preventDefault();
    const { code, name, description } = this.newTrack();
    const created = await this.trackAction(
      () => this.api.createTrack({ code: code.trim(), name: name.trim(), description }),
      `研修体系「${name.trim()}」を追加しました。`,
    );
    if (created) this.newTrack.set({ code: '', name: '', description: '' });
  }

  private async trackAction(
    call: () => ReturnType<ContentApi['createTrack']>,
    success: string,
  ): Promise<boolean> {
    if (this.busy()) return false;
    this.busy.set(true);
    this.trackProblem.set(null);
    this.message.set(null);
    try {
      await firstValueFrom(call());
      this.trackResource.reload();
      this.message.set(success);
      return true;
    } catch (error) {
      this.trackProblem.set(toProblem(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  private focusLater(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
