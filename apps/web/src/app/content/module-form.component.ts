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
import { FIELD_OF_ERROR, contentOf, inputNames, moduleForm } from './module-form.values';
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

      <dx-module-basic-fields [group]="form().basic" [errors]="byInput()" />

      @switch (kind()) {
        @case ('lesson') {
          <dx-module-lesson-fields [group]="form().content.lesson" [errors]="byInput()" />
        }
        @case ('quiz') {
          <dx-module-quiz-fields
            [group]="form().content.quiz"
            [errors]="byInput()"
            [isNew]="module() === null"
          />
        }
        @case ('external') {
          <dx-module-external-fields [group]="form().content.external" [errors]="byInput()" />
        }
        @case ('live') {
          <dx-module-live-fields [group]="form().content.live" [errors]="byInput()" />
        }
        @case ('assignment') {
          <dx-module-assignment-fields [group]="form().content.assignment" [errors]="byInput()" />
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

  /** A new form whenever another module (or kind) is opened. */
  protected readonly form = computed(() => moduleForm(this.kind(), this.module()));
  /** The uploaded package (its control is set by the upload, not typed). */
  protected readonly packageId = linkedSignal(() => this.form().content.package.controls.packageId.value);
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
    const shown = new Set(inputNames(this.form(), this.kind()));
    return [...this.byInput().keys()].some((name) => !shown.has(name));
  });
  protected readonly packageError = computed(() => (this.byInput().get('packageId') ?? []).join(' '));

  constructor() {
    focusAfterRender(inject(Injector), 'module-form-heading');
  }

  /** An uploaded package becomes this module's content; its title is the module's name unless one was typed. */
  protected packageUploaded(view: PackageView): void {
    const { basic, content } = this.form();
    content.package.controls.packageId.setValue(view.id);
    this.packageId.set(view.id);
    if (basic.controls.title.value.trim() === '') basic.controls.title.setValue(view.title);
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const { basic, content } = this.form();
    const body: ModuleInput = {
      kind: this.kind(),
      title: basic.controls.title.value.trim(),
      required: basic.controls.required.value,
      content: contentOf(this.kind(), content),
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
