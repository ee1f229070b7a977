import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MAX_MARKDOWN, type LessonControls } from './module-form.values';
import { ReactiveFormsModule } from '@angular/forms';
import { ModuleFieldsDirective } from './module-fields.directive';

/** A lesson's settings: the text in Markdown (with its length) and an optional video. */
@Component({
  selector: 'dx-module-lesson-fields',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: ':host { display: contents; }',
  template: `
    <div class="field">
      <label for="module-markdown">本文（Markdown）</label>
      <textarea
        id="module-markdown"
        rows="14"
        [formControl]="group().controls.markdown"
        [attr.aria-invalid]="invalid('markdown')"
        [attr.aria-describedby]="describedBy('markdown', 'module-markdown-hint')"
      ></textarea>
      <p id="module-markdown-hint" class="hint">
        見出しは「#」、箇条書きは「-」で書けます。{{ markdownLength() }} ／ {{ maxMarkdown }}文字
      </p>
      @if (invalid('markdown')) {
        <p id="module-markdown-error" class="field-error">{{ messages('markdown') }}</p>
      }
    </div>
    <div class="field">
      <label for="module-videoUrl">動画のURL（任意）</label>
      <input
        id="module-videoUrl"
        type="url"
        inputmode="url"
        [formControl]="group().controls.videoUrl"
        [attr.aria-invalid]="invalid('videoUrl')"
        [attr.aria-describedby]="describedBy('videoUrl', 'module-videoUrl-hint')"
      />
      <p id="module-videoUrl-hint" class="hint">https:// で始まる庁内の動画のURLです。</p>
      @if (invalid('videoUrl')) {
        <p id="module-videoUrl-error" class="field-error">{{ messages('videoUrl') }}</p>
      }
    </div>
  `,
})
export class ModuleLessonFieldsComponent extends ModuleFieldsDirective<LessonControls> {
  protected readonly maxMarkdown = MAX_MARKDOWN;
  /** Read on each change detection: typing in the textarea runs one for this component. */
  protected markdownLength(): number {
    return this.group().controls.markdown.value.length;
  }
}
