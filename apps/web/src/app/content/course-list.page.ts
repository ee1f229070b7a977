import { ChangeDetectionStrategy, Component, Injector, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { CourseListItem, TrackView } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { focusAfterRender } from '../shared/focus';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { errorsByField, versionLabel } from './content-labels';
import { ContentApi, type CourseFields, type NewCourse } from './content.api';
import { CourseFieldsComponent } from './course-fields.component';
import { courseFieldsForm, courseFieldsOf } from './course-fields.form';
import { TrackManagerComponent } from './track-manager.component';

const EMPTY_COURSE: CourseFields = {
  trackCode: '',
  title: '',
  description: '',
  estimatedMinutes: 30,
  dssCodes: [],
};

/** 研修管理: the catalogue's courses by track, and the forms to add a course or a track. */
@Component({
  selector: 'dx-course-list-page',
  imports: [
    RouterLink,
    ReactiveFormsModule,
    ProblemAlertComponent,
    CourseFieldsComponent,
    TrackManagerComponent,
  ],
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
              [formControl]="code"
              [attr.aria-invalid]="invalid('code')"
              aria-describedby="new-course-code-hint"
            />
            <p id="new-course-code-hint" class="hint">
              英数字・ハイフン・下線で40文字以内（例：KAISO-NEWCOURSE）。後から変更できません。
            </p>
          </div>
          <dx-course-fields
            idPrefix="new-course"
            [group]="draft()"
            [tracks]="tracks()"
            [invalidFields]="courseErrors()"
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

    <dx-track-manager [tracks]="tracks()" (announced)="trackAnnounced($event)" />
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
  /** 研修コード of the new course (it cannot change later, so it is not one of the shared course fields). */
  protected readonly code = new FormControl('', { nonNullable: true });
  protected readonly draft = signal(courseFieldsForm(EMPTY_COURSE));
  protected readonly courseProblem = signal<Problem | null>(null);
  protected readonly courseErrors = computed(() => errorsByField(this.courseProblem()?.errors));

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected invalid(field: string): boolean {
    return this.courseErrors().has(field);
  }

  protected openCourseForm(): void {
    this.creating.set(true);
    this.code.setValue('');
    this.draft.set(courseFieldsForm({ ...EMPTY_COURSE, trackCode: this.trackFilter() }));
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
    const body: NewCourse = { ...courseFieldsOf(this.draft()), code: this.code.value.trim() };
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

  /** A track action started (null) or added or changed a track: the list (and the course form's choices) shows it. */
  protected trackAnnounced(message: string | null): void {
    if (message !== null) this.trackResource.reload();
    this.message.set(message);
  }

  private focusLater(id: string): void {
    focusAfterRender(this.injector, id);
  }
}
