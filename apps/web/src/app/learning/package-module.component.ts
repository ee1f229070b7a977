import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { DomSanitizer, type SafeResourceUrl } from '@angular/platform-browser';
import type {
  ModuleView,
  PackageCommit,
  PackageExitMessage,
  PackageFrameMessage,
  PackageLaunch,
} from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { LearningApi } from './learning.api';

/** How long the player waits after the package's last change before committing it (a commit on finish is at once). */
const COMMIT_DEBOUNCE_MS = 1500;
/** A cmi5 AU reports to the LRS itself: the page looks this often whether the module is done. */
const CMI5_POLL_MS = 3000;

const STATUS_LABELS: Record<string, string> = {
  'not attempted': '未学習',
  incomplete: '学習中',
  browsed: '閲覧済み',
  completed: '完了',
  passed: '合格',
  failed: '不合格',
  satisfied: '修了',
  unknown: '学習中',
};

/** Whether a message from the content frame has the shape the player script sends (anything else is ignored). */
export function isFrameMessage(data: unknown): data is PackageFrameMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  return (
    m['type'] === 'dx-scorm-commit' &&
    typeof m['scoId'] === 'string' &&
    typeof m['final'] === 'boolean' &&
    typeof m['data'] === 'object' &&
    m['data'] !== null
  );
}

/** The content origin's return page: a cmi5 AU in the frame has ended (it went to its returnURL). */
export function isExitMessage(data: unknown): data is PackageExitMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as Record<string, unknown>)['type'] === 'dx-package-exit'
  );
}

/** Only the fields a commit carries, so nothing else the frame sends reaches the API. */
function commitOf(data: Record<string, unknown>): PackageCommit {
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  const number = (key: string) => (typeof data[key] === 'number' ? (data[key] as number) : undefined);
  const commit: PackageCommit = {
    lessonStatus: text('lessonStatus'),
    completionStatus: text('completionStatus'),
    successStatus: text('successStatus'),
    scoreRaw: number('scoreRaw'),
    scoreScaled: number('scoreScaled'),
    sessionTime: text('sessionTime'),
    suspendData: text('suspendData'),
    location: text('location'),
    exit: text('exit'),
  };
  return Object.fromEntries(Object.entries(commit).filter(([, v]) => v !== undefined)) as PackageCommit;
}

/**
 * An e-learning package (SCORM, cmi5) played in a sandboxed frame on the content origin (no allow-same-origin: its
 * scripts never reach this page, its cookies or the API). SCORM: the frame posts its run-time data here; this page
 * commits it with the learner's session, debounced, at once when the SCO finishes, and on page hide. cmi5: the AU
 * talks to the LRS with its own launch token; this page only watches the module until it is done.
 */
@Component({
  selector: 'dx-package-module',
  imports: [ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (module().package; as p) {
      <ul class="package-scos">
        @for (sco of p.scos; track sco.id) {
          <li>
            {{ sco.title }}：<strong>{{ statusLabel(sco.status) }}</strong>
            @if (p.scos.length > 1 && !playing()) {
              <button type="button" class="button" (click)="start(sco.id)" [disabled]="busy()">
                {{ sco.title }}を開く
              </button>
            }
          </li>
        }
      </ul>
      @if (!playing()) {
        <p>
          <button type="button" class="button button-primary" (click)="start()" [disabled]="busy()">
            {{ startLabel() }}
          </button>
        </p>
      } @else {
        @if (launch()?.launchMode === 'Review') {
          <p class="muted" data-testid="package-review">
            復習モードです。この教材の修了状況は変わりません（もう一度合格・完了しても記録は変わりません）。
          </p>
        }
        @if (ownWindow()) {
          <div class="package-window" data-testid="package-own-window">
            @if (windowBlocked()) {
              <p>
                教材のウィンドウを開けませんでした（ポップアップがブロックされた可能性があります）。
                <a [href]="launch()?.url" target="_blank" rel="noopener noreferrer"
                  >教材を新しいウィンドウで開く</a
                >
              </p>
            } @else {
              <p>
                教材は別のウィンドウで開いています。終わると、そのウィンドウはこの研修のページに戻ります。
              </p>
            }
          </div>
        } @else {
          <div class="package-frame">
            <iframe
              #frame
              [src]="frameUrl()"
              sandbox="allow-scripts allow-forms"
              referrerpolicy="no-referrer"
              [title]="p.title + '（eラーニング教材）'"
              width="100%"
              height="560"
            ></iframe>
          </div>
        }
        <p>
          <button type="button" class="button" (click)="close()">教材を閉じる</button>
        </p>
      }
      <div role="status" aria-live="polite" class="live-region">
        @if (saved()) {
          <p class="muted">{{ saved() }}</p>
        }
      </div>
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problem()" />
      </div>
    }
  `,
})
export class PackageModuleComponent {
  private readonly api = inject(LearningApi);
  private readonly sanitizer = inject(DomSanitizer);

  readonly module = input.required<ModuleView>();
  readonly courseCode = input.required<string>();
  readonly fiscalYear = input.required<number>();
  /** The module or the course was completed: the page reloads the course. */
  readonly changed = output<void>();

  private readonly frame = viewChild<ElementRef<HTMLIFrameElement>>('frame');
  protected readonly launch = signal<PackageLaunch | null>(null);
  protected readonly playing = computed(() => this.launch() !== null);
  /** A cmi5 AU whose course structure says OwnWindow plays in a window of its own, not in the frame. */
  protected readonly ownWindow = computed(() => this.launch()?.launchMethod === 'OwnWindow');
  protected readonly windowBlocked = signal(false);
  protected readonly frameUrl = computed<SafeResourceUrl | null>(() => {
    const launch = this.launch();
    return launch && !this.ownWindow() ? this.sanitizer.bypassSecurityTrustResourceUrl(launch.url) : null;
  });
  protected readonly started = computed(() =>
    (this.module().package?.scos ?? []).some((sco) => sco.status !== 'not attempted'),
  );
  protected readonly startLabel = computed(() => {
    const module = this.module();
    // A cmi5 module done opens for review (launch mode Review: nothing the AU sends changes its completion).
    if (module.package?.standard === 'cmi5' && module.completed) return '復習する';
    return this.started() ? '続きから学習する' : '学習を始める';
  });
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly saved = signal('');

  /** The latest data of each SCO not yet committed. */
  private readonly pending = new Map<string, PackageCommit>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;

  constructor() {
    const onMessage = (event: MessageEvent) => this.receive(event);
    const onHide = () => this.flushOnHide();
    const onVisibility = () => document.visibilityState === 'hidden' && this.flushOnHide();
    window.addEventListener('message', onMessage);
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    inject(DestroyRef).onDestroy(() => {
      this.stopWatching();
      this.flushOnHide();
      window.removeEventListener('message', onMessage);
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
    });
  }

  protected statusLabel(status: string): string {
    return STATUS_LABELS[status] ?? status;
  }

  protected async start(sco?: string): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      const launch = await firstValueFrom(
        this.api.launchPackage(this.courseCode(), this.module().id, this.fiscalYear(), sco),
      );
      if (!launch.url.startsWith(`${launch.contentOrigin}/p/`)) throw new Error('unexpected launch address');
      this.windowBlocked.set(launch.launchMethod === 'OwnWindow' && !openOwnWindow(launch.url));
      this.launch.set(launch);
      // cmi5: the LMS completes the module when the AU's statements arrive; in Review nothing can change.
      if (launch.registration && launch.launchMode !== 'Review') this.watch();
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async close(): Promise<void> {
    this.stopWatching();
    await this.flush();
    this.launch.set(null);
    this.changed.emit();
  }

  /** A message counts only when it comes from this player's own frame (its window, and the content origin or the
   * opaque origin the sandbox gives it) and has the commit's shape. */
  private receive(event: MessageEvent): void {
    const frame = this.frame()?.nativeElement.contentWindow;
    const launch = this.launch();
    if (!frame || !launch || event.source !== frame) return;
    if (event.origin !== 'null' && event.origin !== launch.contentOrigin) return;
    if (isExitMessage(event.data)) {
      void this.close();
      return;
    }
    if (!isFrameMessage(event.data)) return;
    const sco = this.module().package?.scos.find((s) => s.id === event.data.scoId);
    if (!sco) return;
    this.pending.set(sco.id, commitOf(event.data.data as unknown as Record<string, unknown>));
    if (event.data.final) void this.flush();
    else this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), COMMIT_DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const entries = [...this.pending.entries()];
    this.pending.clear();
    for (const [sco, data] of entries) {
      try {
        const result = await firstValueFrom(
          this.api.commitPackage(this.courseCode(), this.module().id, this.fiscalYear(), sco, data),
        );
        this.saved.set(result.moduleCompleted ? '教材を修了しました。' : '学習の記録を保存しました。');
        if (result.moduleCompleted) this.changed.emit();
      } catch (error) {
        this.problem.set(toProblem(error));
      }
    }
  }

  /** cmi5: looks at the course until this module is done (the LMS completes it when the AU's statements arrive). */
  private watch(): void {
    this.stopWatching();
    this.poll = setInterval(async () => {
      try {
        const course = await firstValueFrom(this.api.course(this.courseCode(), this.fiscalYear()));
        if (course.modules.find((m) => m.id === this.module().id)?.completed) {
          this.stopWatching();
          this.saved.set('教材を修了しました。');
          this.changed.emit();
        }
      } catch {
        // The next look tries again; the AU's own records are in the LRS either way.
      }
    }, CMI5_POLL_MS);
  }

  private stopWatching(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }

  /** The page is going away: what is pending goes in a request that outlives it. */
  private flushOnHide(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const [sco, data] of this.pending) {
      this.api.commitPackageOnHide(this.courseCode(), this.module().id, this.fiscalYear(), sco, data);
    }
    this.pending.clear();
  }
}

/**
 * Opens a cmi5 OwnWindow AU in a new window; false when the browser blocked it. The window starts blank (ours), so
 * its `opener` can be cut before it goes to the content origin: the AU cannot reach or navigate this page. The AU's
 * page is sandboxed by the content origin's own CSP (an opaque origin), as in the frame.
 */
function openOwnWindow(url: string): boolean {
  const opened = window.open('about:blank', '_blank');
  if (!opened) return false;
  opened.opener = null;
  opened.location.href = url;
  return true;
}
