import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import type { ModuleAdminView, ModuleInput, ModuleKindName, PackageView } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { focusAfterRender } from '../shared/focus';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { MODULE_KIND_LABELS, errorsByField } from './content-labels';
import { ContentApi } from './content.api';
import { ModuleAssignmentFieldsComponent } from './module-assignment-fields.component';
import { ModuleBasicFieldsComponent } from './module-basic-fields.component';
import { ModuleExternalFieldsComponent } from './module-external-fields.component';
import { FIELD_OF_ERROR, type Values, contentOf, initialValues } from './module-form.values';
import { ModuleLessonFieldsComponent } from './module-lesson-fields.component';
import { ModuleLiveFieldsComponent } from './module-live-fields.component';
import { ModuleQuizFieldsComponent } from './module-quiz-fields.component';
import { PackageUploadComponent } from './package-upload.component';

/** Adds or edits one module of the draft, with the settings of its kind. */
@Component({
  selector: 'dx-module-form',
  imports: [
    ProblemAlertComponent,
    PackageUploadComponent,
    ModuleBasicFieldsComponent,
    ModuleLessonFieldsComponent,
    ModuleQuizFieldsComponent,
    ModuleExternalFieldsComponent,
    ModuleLiveFieldsComponent,
    ModuleAssignmentFieldsComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="card" (submit)="save($event)" novalidate>
      <h3 id="module-form-heading" tabindex="-1">{{ heading() }}</h3>

      <dx-module-basic-fields [values]="values()" [errors]="byInput()" (changed)="patch($event)" />

      @switch (kind()) {
        @case ('lesson') {
          <dx-module-lesson-fields [values]="values()" [errors]="byInput()" (changed)="patch($event)" />
        }
        @case ('quiz') {
          <dx-module-quiz-fields
            [values]="values()"
            [errors]="byInput()"
            [isNew]="module() === null"
            (changed)="patch($event)"
          />
        }
        @case ('external') {
          <dx-module-external-fields [values]="values()" [errors]="byInput()" (changed)="patch($event)" />
        }
        @case ('live') {
          <dx-module-live-fields [values]="values()" [errors]="byInput()" (changed)="patch($event)" />
        }
        @case ('assignment') {
          <dx-module-assignment-fields [values]="values()" [errors]="byInput()" (changed)="patch($event)" />
        }
        @case ('package') {
          <dx-package-upload
            [packageId]="packageId()"
            [error]="packageError()"
            (uploaded)="packageUploaded($event)"
          />
        }
      }

      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problem()" [showFieldErrors]="unplacedErrors()" />
      </div>
      <div class="button-row">
        <button type="submit" class="button button-primary" [disabled]="busy()">
          {{ module() === null ? 'モジュールを追加する' : 'モジュールを保存する' }}
        </button>
        <button type="button" class="button" (click)="cancelled.emit()">キャンセル</button>
      </div>
    </form>
  `,
})
export class ModuleFormComponent {
  private readonly api = inject(ContentApi);

  readonly courseCode = input.required<string>();
  readonly kind = input.required<ModuleKindName>();
  /** The draft module to edit, or null to add one. */
  readonly module = input<ModuleAdminView | null>(null);
  readonly saved = output<ModuleAdminView>();
  readonly cancelled = output<void>();

  protected readonly values = linkedSignal<Values>(() => initialValues(this.kind(), this.module()));
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  protected readonly heading = computed(() => {
    const module = this.module();
    const label = MODULE_KIND_LABELS[this.kind()];
    return module === null ? `${label}を追加` : `「${module.title}」を編集（${label}）`;
  });

  /** Errors by input name: 'content.passMark' → 'passMark', 'title' → 'title'. */
  protected readonly byInput = computed(() => {
    const byField = errorsByField(this.problem()?.errors);
    const byInput = new Map<string, string[]>();
    for (const [field, messages] of byField) {
      const name = FIELD_OF_ERROR[field] ?? field.replace(/^content\./, '');
      byInput.set(name, [...(byInput.get(name) ?? []), ...messages]);
    }
    return byInput;
  });
  /** Errors no input shows (a field this form has no control for): listed under the problem instead. */
  protected readonly unplacedErrors = computed(() => {
    const shown = new Set(Object.keys(this.values()));
    return [...this.byInput().keys()].some((name) => !shown.has(name));
  });
  protected readonly packageId = computed(() => String(this.values()['packageId'] ?? ''));
  protected readonly packageError = computed(() => (this.byInput().get('packageId') ?? []).join(' '));

  constructor() {
    focusAfterRender(inject(Injector), 'module-form-heading');
  }

  protected patch(change: Values): void {
    this.values.update((v) => ({ ...v, ...change }));
  }

  /** An uploaded package becomes this module's content; its title is the module's name unless one was typed. */
  protected packageUploaded(view: PackageView): void {
    this.values.update((v) => ({
      ...v,
      packageId: String(view.id),
      title: String(v['title']).trim() === '' ? view.title : v['title'],
    }));
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const v = this.values();
    const body: ModuleInput = {
      kind: this.kind(),
      title: String(v['title']).trim(),
      required: v['required'] === true,
      content: contentOf(this.kind(), v),
    };
    this.busy.set(true);
    this.problem.set(null);
    try {
      const module = this.module();
      const saved = await firstValueFrom(
        module === null
          ? this.api.addModule(this.courseCode(), body)
          : this.api.updateModule(this.courseCode(), module.id, body),
      );
      this.saved.emit(saved);
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
