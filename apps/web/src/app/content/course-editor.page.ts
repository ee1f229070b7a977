import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import { type CourseRecurrence, NO_RECURRENCE, type TrackView } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { PRODUCT_NAME } from '../title.strategy';
import { errorsByField, versionLabel } from './content-labels';
import { ContentApi, type CourseFields } from './content.api';
import { CourseEditorStore } from './course-editor.store';
import { CourseFieldsComponent } from './course-fields.component';
import { courseFieldsForm, courseFieldsOf } from './course-fields.form';
import { CourseRecurrenceFieldsComponent } from './course-recurrence-fields.component';
import { DraftEditorComponent } from './draft-editor.component';
import { ModuleSummaryComponent } from './module-summary.component';
import { RulesEditorComponent } from './rules-editor.component';

/**
 * One course in 研修管理: its fields, the published version (read-only: people assigned to it keep it), the draft
 * (published version + 1) where modules and questions are edited, publishing, and the assignment rules.
 */
@Component({
  selector: 'dx-course-editor-page',
  imports: [
    CourseFieldsComponent,
    CourseRecurrenceFieldsComponent,
    RouterLink,
    ProblemAlertComponent,
    DraftEditorComponent,
    ModuleSummaryComponent,
    RulesEditorComponent,
  ],
  providers: [CourseEditorStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .editor-section {
      margin-top: 2rem;
    }
  `,
  template: `
    <p class="back-link"><a routerLink="../..">研修一覧へ戻る</a></p>
    <h1>{{ course()?.title ?? '研修の編集' }}</h1>

    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (detail.isLoading() && !course()) {
        <p class="muted">読み込み中…</p>
      }
      @if (message(); as m) {
        <p class="alert alert-success">{{ m }}</p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
    </div>

    @if (course(); as c) {
      <dl class="summary-list">
        <div>
          <dt>研修コード</dt>
          <dd>{{ c.code }}</dd>
        </div>
        <div>
          <dt>研修体系</dt>
          <dd>{{ c.trackName }}</dd>
        </div>
        <div>
          <dt>公開版</dt>
          <dd>{{ versionLabel(c.publishedVersion) }}</dd>
        </div>
        <div>
          <dt>下書き</dt>
          <dd>{{ c.draft ? versionLabel(c.draft.version) + 'を編集中' : 'なし' }}</dd>
        </div>
        <div>
          <dt>割当数（全年度）</dt>
          <dd>{{ c.enrollmentCount }}件</dd>
        </div>
      </dl>

      <!-- 基本情報 -->
      <section class="editor-section" aria-labelledby="fields-heading">
        <h2 id="fields-heading">基本情報</h2>
        <p class="hint">基本情報の変更は、公開中の版を含むすべての版にすぐ反映されます。</p>
        <form class="card" (submit)="saveFields($event)" novalidate>
          <dx-course-fields
            idPrefix="course"
            [group]="fields()"
            [tracks]="tracks()"
            [invalidFields]="fieldErrors()"
          />
          <dx-course-recurrence-fields
            idPrefix="course"
            [value]="recurrence()"
            (changed)="recurrence.set($event)"
          />
          <div class="button-row">
            <button type="submit" class="button button-primary" [disabled]="busy()">基本情報を保存</button>
          </div>
        </form>
      </section>

      <!-- 公開中の版 -->
      <section class="editor-section" aria-labelledby="published-heading">
        <h2 id="published-heading" tabindex="-1">公開中の版（{{ versionLabel(c.publishedVersion) }}）</h2>
        @if (c.published; as published) {
          <p class="hint">
            公開中の版は変更できません。割り当て済みの職員は、割り当てられたときの版を受講し続けます。
          </p>
          <ol class="module-list">
            @for (m of published.modules; track m.id) {
              <li class="card">
                <dx-module-summary [module]="m" />
              </li>
            }
          </ol>
        } @else {
          <p>この研修はまだ公開されていません。下書きを作成し、公開してください。</p>
        }
      </section>

      <!-- 下書き -->
      <section class="editor-section" aria-labelledby="draft-heading">
        <h2 id="draft-heading" tabindex="-1">下書き</h2>
        <dx-draft-editor />
      </section>

      <!-- 割当ルール -->
      <section class="editor-section" aria-labelledby="rules-heading">
        <h2 id="rules-heading">割当ルール</h2>
        <dx-rules-editor
          [courseCode]="c.code"
          [publishedVersion]="c.publishedVersion"
          (saved)="$event > 0 && detail.reload()"
        />
      </section>
    }
  `,
})
export class CourseEditorPage {
  private readonly api = inject(ContentApi);
  private readonly title = inject(Title);
  private readonly store = inject(CourseEditorStore);

  /** :code (bound by withComponentInputBinding). */
  readonly code = input.required<string>();

  protected readonly versionLabel = versionLabel;

  protected readonly detail = this.store.detail;
  protected readonly course = this.store.course;
  private readonly trackList = rxResource({ stream: () => this.api.tracks() });
  protected readonly tracks = computed<TrackView[]>(() =>
    this.trackList.hasValue() ? this.trackList.value() : [],
  );

  /** A new form whenever the course (re)loads or is saved. */
  protected readonly fields = computed(() => {
    const c = this.course();
    return courseFieldsForm({
      trackCode: c?.trackCode ?? '',
      title: c?.title ?? '',
      description: c?.description ?? '',
      estimatedMinutes: c?.estimatedMinutes ?? 0,
      dssCodes: c?.dssCodes ?? [],
    });
  });

  /** 更新（再受講）: saved with the 基本情報. */
  protected readonly recurrence = linkedSignal<CourseRecurrence>(
    () => this.course()?.recurrence ?? NO_RECURRENCE,
  );

  protected readonly busy = this.store.busy;
  protected readonly problem = this.store.problem;
  protected readonly message = this.store.message;
  protected readonly fieldErrors = computed(() => errorsByField(this.store.actionProblem()?.errors));

  constructor() {
    this.store.connect(this.code);
    effect(() => {
      const name = this.course()?.title;
      if (name) this.title.setTitle(`${name}（研修管理） | ${PRODUCT_NAME}`);
    });
  }

  protected async saveFields(event: Event): Promise<void> {
    event.preventDefault();
    const body: CourseFields = { ...courseFieldsOf(this.fields()), recurrence: this.recurrence() };
    await this.store.run(
      async () => this.store.setCourse(await firstValueFrom(this.api.updateCourse(this.code(), body))),
      '基本情報を保存しました。',
    );
  }
}
