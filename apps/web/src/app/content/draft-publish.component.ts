import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { draftBlockers, versionLabel } from './content-labels';
import { ContentApi } from './content.api';
import { CourseEditorStore } from './course-editor.store';

/** 公開: publishing the draft (with what still blocks it) or discarding it, each after a confirmation. */
@Component({
  selector: 'dx-draft-publish',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (confirming() === 'publish') {
      <div class="alert alert-warning" role="group" aria-labelledby="confirm-publish-title">
        <p id="confirm-publish-title" class="alert-title" tabindex="-1">
          この下書きを{{ versionLabel(version()) }}として公開しますか？
        </p>
        <p>
          公開すると、これから割り当てられる職員は{{ versionLabel(version()) }}を受講します。
          すでに割り当てられている職員は、割り当てられたときの版のまま受講します。
        </p>
        @if (blockers().length > 0) {
          <ul>
            @for (b of blockers(); track $index) {
              <li>{{ b }}</li>
            }
          </ul>
        }
        <div class="button-row">
          <button
            type="button"
            class="button button-primary"
            [disabled]="busy() || blockers().length > 0"
            (click)="publish()"
          >
            公開する
          </button>
          <button type="button" class="button" (click)="cancelConfirm('publish-button')">キャンセル</button>
        </div>
      </div>
    } @else if (confirming() === 'discard') {
      <div class="alert alert-warning" role="group" aria-labelledby="confirm-discard-title">
        <p id="confirm-discard-title" class="alert-title" tabindex="-1">下書きを破棄しますか？</p>
        <p>下書きのモジュールと問題はすべて削除されます。公開中の版は変わりません。</p>
        <div class="button-row">
          <button type="button" class="button" [disabled]="busy()" (click)="discard()">破棄する</button>
          <button type="button" class="button" (click)="cancelConfirm('discard-button')">キャンセル</button>
        </div>
      </div>
    } @else {
      <div class="button-row">
        <button
          type="button"
          id="publish-button"
          class="button button-primary"
          [disabled]="busy()"
          (click)="ask('publish', 'confirm-publish-title')"
        >
          この下書きを公開
        </button>
        <button
          type="button"
          id="discard-button"
          class="button"
          [disabled]="busy()"
          (click)="ask('discard', 'confirm-discard-title')"
        >
          下書きを破棄
        </button>
      </div>
    }
  `,
})
export class DraftPublishComponent {
  private readonly api = inject(ContentApi);
  private readonly store = inject(CourseEditorStore);

  /** The draft's version (what it is published as). */
  readonly version = input.required<number>();
  /** The draft became the published version. */
  readonly published = output<void>();

  protected readonly versionLabel = versionLabel;
  protected readonly busy = this.store.busy;
  protected readonly confirming = this.store.confirming;
  protected readonly blockers = computed(() => draftBlockers(this.store.course()?.draft?.modules ?? []));

  protected ask(what: 'publish' | 'discard', focusId: string): void {
    this.store.ask(what, focusId);
  }

  protected cancelConfirm(focusId: string): void {
    this.store.cancelConfirm(focusId);
  }

  protected async publish(): Promise<void> {
    const version = this.version();
    const done = await this.store.run(
      async () => this.store.setCourse(await firstValueFrom(this.api.publish(this.store.code()))),
      `${versionLabel(version)}を公開しました。これからの割当は${versionLabel(version)}になります。`,
    );
    this.store.confirming.set(null);
    if (done) {
      this.published.emit();
      this.store.focusLater('published-heading');
    }
  }

  protected async discard(): Promise<void> {
    const code = this.store.code();
    const done = await this.store.run(async () => {
      await firstValueFrom(this.api.discardDraft(code));
      this.store.setCourse(await firstValueFrom(this.api.course(code)));
    }, '下書きを破棄しました。');
    this.store.confirming.set(null);
    if (done) this.store.focusLater('draft-heading');
  }
}
